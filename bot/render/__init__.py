"""Everything the bot shows, as embeds that fit Discord's limits; no network, tested on its own."""
