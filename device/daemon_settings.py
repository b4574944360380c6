"""The daemon's part of the configuration file: [daemon], [scanner], [serial], [feedback].

Pure: ``parse_daemon_settings`` turns the raw TOML tables into frozen settings or raises
a ConfigError naming the key and the fix. Command-line options override these values.

    [daemon]
    sources = ["hid"]            # stdin, hid, serial, camera, mic
    mode_timeout_s = 60
    product_source = "openfoodfacts"   # or "" to never look products up
    [scanner]
    device = "05e0:1200"         # name part, VID:PID or /dev/input/by-id/... path
    layout = "us"                # the layout the scanner imitates: us fr be de uk
    grab = true
    prefix = ""                  # suffix = "", gap_timeout_ms = 150, require_machine = false
    [serial]
    port = "/dev/serial/by-id/usb-..."
    baudrate = 9600
    [feedback]
    sound = true                 # speak = false, audio_device = "plughw:CARD=Headphones,DEV=0"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from device.commands import DEFAULT_MODE_TIMEOUT_S
from device.keymap import DEFAULT_LAYOUT, LAYOUTS
from device.scan_framing import DEFAULT_GAP_TIMEOUT_S
from household.errors import ConfigError

SOURCE_NAMES = ("stdin", "hid", "serial", "camera", "mic")

_ALLOWED = {
    "daemon": {"sources", "mode_timeout_s", "product_source"},
    "scanner": {"device", "layout", "grab", "prefix", "suffix", "gap_timeout_ms",
                "require_machine"},
    "serial": {"port", "baudrate"},
    "feedback": {"sound", "speak", "audio_device"},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DaemonSettings:
    """Everything the daemon reads from the configuration."""

    sources: tuple[str, ...] = ("stdin",)
    mode_timeout_s: float = DEFAULT_MODE_TIMEOUT_S
    product_source: str = "openfoodfacts"
    scanner_device: str | None = None
    layout: str = DEFAULT_LAYOUT
    grab: bool = True
    prefix: str = ""
    suffix: str = ""
    gap_timeout_s: float = DEFAULT_GAP_TIMEOUT_S
    require_machine: bool = False
    serial_port: str | None = None
    baudrate: int = 9600
    sound: bool = True
    speak: bool = False
    audio_device: str | None = None


def parse_daemon_settings(sections: Mapping[str, Any], path: Path | None = None) -> DaemonSettings:
    """Build DaemonSettings from the config's raw sections (missing ones: defaults)."""
    where = f" in {path}" if path else ""
    tables = {name: _table(sections, name, where) for name in _ALLOWED}
    daemon, scanner = tables["daemon"], tables["scanner"]
    serial, feedback = tables["serial"], tables["feedback"]
    sources = daemon.get("sources", ["stdin"])
    if not isinstance(sources, list) or not sources or not all(s in SOURCE_NAMES for s in sources):
        raise ConfigError(
            f"daemon.sources{where} must be a list of {', '.join(SOURCE_NAMES)}, "
            'e.g. sources = ["hid"].'
        )
    layout = scanner.get("layout", DEFAULT_LAYOUT)
    if layout not in LAYOUTS:
        raise ConfigError(
            f"scanner.layout{where} is {layout!r}; use one of {', '.join(LAYOUTS)} "
            "(the layout the scanner is set to imitate; 'us' is the factory default)."
        )
    return DaemonSettings(
        sources=tuple(sources),
        mode_timeout_s=_number(daemon, "mode_timeout_s", DEFAULT_MODE_TIMEOUT_S, "daemon", where),
        product_source=_text(daemon, "product_source", "openfoodfacts", "daemon", where) or "",
        scanner_device=_text(scanner, "device", None, "scanner", where),
        layout=layout,
        grab=_flag(scanner, "grab", True, "scanner", where),
        prefix=_text(scanner, "prefix", "", "scanner", where) or "",
        suffix=_text(scanner, "suffix", "", "scanner", where) or "",
        gap_timeout_s=_number(
            scanner, "gap_timeout_ms", DEFAULT_GAP_TIMEOUT_S * 1000, "scanner", where
        )
        / 1000,
        require_machine=_flag(scanner, "require_machine", False, "scanner", where),
        serial_port=_text(serial, "port", None, "serial", where),
        baudrate=int(_number(serial, "baudrate", 9600, "serial", where)),
        sound=_flag(feedback, "sound", True, "feedback", where),
        speak=_flag(feedback, "speak", False, "feedback", where),
        audio_device=_text(feedback, "audio_device", None, "feedback", where),
    )


def _table(sections: Mapping[str, Any], name: str, where: str) -> Mapping[str, Any]:
    raw = sections.get(name, {})
    if not isinstance(raw, Mapping):
        raise ConfigError(f"[{name}]{where} must be a table.")
    for key in raw:
        if key not in _ALLOWED[name]:
            allowed = ", ".join(sorted(_ALLOWED[name]))
            raise ConfigError(f"Unknown key {name}.{key}{where}. Allowed: {allowed}.")
    return raw


def _number(raw: Mapping[str, Any], key: str, default: float, table: str, where: str) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ConfigError(f"{table}.{key}{where} must be a positive number, e.g. {default:g}.")
    return float(value)


def _flag(raw: Mapping[str, Any], key: str, default: bool, table: str, where: str) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise ConfigError(f"{table}.{key}{where} must be true or false.")
    return value


def _text(raw: Mapping[str, Any], key: str, default: str | None, table: str, where: str):
    value = raw.get(key, default)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f'{table}.{key}{where} must be text in quotes, e.g. {key} = "...".')
    return value
