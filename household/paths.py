"""Where restock keeps its files, following the XDG directories (via platformdirs).

The environment is passed in, never read behind the caller's back, so tests and the
systemd unit (``StateDirectory=``) can point everything elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "restock"
DB_FILE_NAME = "household.db"
CONFIG_FILE_NAME = "config.toml"


def default_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The user's data directory for restock (``$XDG_DATA_HOME/restock``)."""
    environ = os.environ if environ is None else environ
    if environ.get("XDG_DATA_HOME"):
        return Path(environ["XDG_DATA_HOME"]) / APP_NAME
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The user's configuration file (``$XDG_CONFIG_HOME/restock/config.toml``)."""
    environ = os.environ if environ is None else environ
    if environ.get("XDG_CONFIG_HOME"):
        return Path(environ["XDG_CONFIG_HOME"]) / APP_NAME / CONFIG_FILE_NAME
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILE_NAME


def resolve_db_path(option: str | None, environ: Mapping[str, str]) -> Path:
    """The database file: ``--db``, else ``RESTOCK_DB``, else the data directory."""
    if option:
        return Path(option).expanduser()
    if environ.get("RESTOCK_DB"):
        return Path(environ["RESTOCK_DB"]).expanduser()
    return default_data_dir(environ) / DB_FILE_NAME


def resolve_config_path(option: str | None, environ: Mapping[str, str]) -> tuple[Path, bool]:
    """The configuration file and whether it was asked for explicitly (then it must exist)."""
    if option:
        return Path(option).expanduser(), True
    if environ.get("RESTOCK_CONFIG"):
        return Path(environ["RESTOCK_CONFIG"]).expanduser(), True
    return default_config_path(environ), False
