"""One cog per feature, each a discord.py extension whose ``setup`` adds it to the bot; each reaches
the engine through ``bot.worker``."""

EXTENSIONS = (
    "bot.cogs.asking",
    "bot.cogs.summaries",
    "bot.cogs.timeline",
    "bot.cogs.follows",
    "bot.cogs.sources",
    "bot.cogs.admin",
    "bot.cogs.feeds",
    "bot.cogs.briefing",
    "bot.cogs.outlets",
    "bot.cogs.feedback",
    "bot.cogs.insights",
)
