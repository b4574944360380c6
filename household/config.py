"""The one configuration file (TOML): ``load_config`` reads, ``parse_config`` is pure.

Each package parses its own sections from ``Config.sections`` with its own pure
function (the retailers in retailer_adapters, the devices in device), so this module
never needs to know them; it checks only that no unknown top-level section slipped in,
because a typo there would otherwise be silently ignored.
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from household.errors import ConfigError

KNOWN_SECTIONS = frozenset(
    {
        "household",
        "openprices",
        "openfoodfacts",
        "retailer",
        "comparator",
        "daemon",
        "scanner",
        "serial",
        "camera",
        "voice",
        "feedback",
    }
)
LANGUAGES = ("fr", "en")


@dataclass(frozen=True, slots=True)
class HouseholdSettings:
    """The ``[household]`` section."""

    member: str | None = None
    """Who acts when ``--by`` is not given; None: the login name."""
    language: str = "fr"
    """Language for voice and spoken feedback: 'fr' or 'en'."""
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    """The whole configuration; sections other than [household] stay raw for their owners."""

    path: Path | None
    """The file it came from; None when running on embedded defaults."""
    household: HouseholdSettings = HouseholdSettings()
    sections: Mapping[str, Any] = field(default_factory=dict)

    def where(self, key: str) -> str:
        """'KEY in FILE', for error messages."""
        return f"{key} in {self.path}" if self.path else key


def load_config(path: Path, *, required: bool = False) -> Config:
    """Read the TOML file at ``path``; without one, the embedded defaults (unless required)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if required:
            raise ConfigError(
                f"Configuration file {path} does not exist. Create it, or drop --config / "
                "RESTOCK_CONFIG to run on the embedded defaults."
            ) from None
        return Config(path=None)
    except OSError as err:
        raise ConfigError(
            f"Cannot read configuration file {path} ({err.strerror}). "
            "Check its permissions, or point --config at another file."
        ) from err
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise ConfigError(
            f"Configuration file {path} is not UTF-8 text. Save it as UTF-8 and try again."
        ) from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(
            f"Configuration file {path} is not valid TOML ({err}). Fix that line and try again."
        ) from err
    config = parse_config(raw, path)
    _refuse_readable_secrets(path, raw)
    return config


def parse_config(raw: Mapping[str, Any], path: Path | None = None) -> Config:
    """Build a Config from parsed TOML, or raise a ConfigError naming the key and the fix."""
    where = f" in {path}" if path else ""
    for key in raw:
        if key not in KNOWN_SECTIONS:
            known = ", ".join(sorted(KNOWN_SECTIONS))
            raise ConfigError(
                f"Unknown section [{key}]{where}. Known sections: {known}. "
                "Check the spelling, or remove it."
            )
    section = raw.get("household", {})
    if not isinstance(section, Mapping):
        raise ConfigError(f"[household]{where} must be a table, e.g. [household] member = 'Ana'.")
    allowed = {"member", "language", "members"}
    for key in section:
        if key not in allowed:
            raise ConfigError(
                f"Unknown key household.{key}{where}. Allowed: {', '.join(sorted(allowed))}."
            )
    member = section.get("member")
    if member is not None and (not isinstance(member, str) or not member.strip()):
        raise ConfigError(f'household.member{where} must be a name, e.g. member = "Ana".')
    language = section.get("language", "fr")
    if language not in LANGUAGES:
        raise ConfigError(f'household.language{where} is {language!r}; use "fr" or "en".')
    members = section.get("members", [])
    if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
        raise ConfigError(f"household.members{where} must be a list of names.")
    household = HouseholdSettings(member=member, language=language, members=tuple(members))
    return Config(path=path, household=household, sections=dict(raw))


def _refuse_readable_secrets(path: Path, raw: Mapping[str, Any]) -> None:
    """A file holding a token or password must not be readable by other users."""
    if not _holds_secret(raw) or os.name != "posix":
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IWGRP | stat.S_IWOTH):
        raise ConfigError(
            f"{path} holds a secret (a token or password) but other users can read it. "
            f"Run: chmod 600 {path}"
        )


def _holds_secret(value: Any) -> bool:
    if isinstance(value, Mapping):
        return any(
            (isinstance(k, str) and _is_secret_key(k) and v) or _holds_secret(v)
            for k, v in value.items()
        )
    if isinstance(value, list):
        return any(_holds_secret(v) for v in value)
    return False


def _is_secret_key(key: str) -> bool:
    key = key.lower()
    return any(word in key for word in ("token", "password", "secret", "api_key"))
