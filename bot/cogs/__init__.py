"""One cog per feature; each reaches the engine through ``bot.worker``."""

from .admin import Admin
from .asking import Asking
from .feeds import Feeds
from .sources import Sources
from .summaries import Summaries

COGS = (Asking, Summaries, Sources, Admin, Feeds)
