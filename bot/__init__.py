"""The Discord layer: one cog per feature over the engine in ``index``; nothing else imports discord."""
