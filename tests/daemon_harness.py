"""Running ``restock daemon`` as a real subprocess for the daemon tests and the benchmark."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RESTOCK = [sys.executable, "-c", "from household.cli import main; main()"]
"""The ``restock`` command without installing the package (``-m household.cli`` would
load the CLI twice, as ``__main__`` and as ``household.cli``)."""


def daemon_env(tmp: Path, **extra: str) -> dict[str, str]:
    """An environment with no user configuration and no inherited restock settings."""
    inherited = ("RESTOCK_", "NOTIFY_", "WATCHDOG_", "JOURNAL_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(inherited)}
    env.update(XDG_CONFIG_HOME=str(tmp / "config"), PYTHONUNBUFFERED="1", **extra)
    return env


def start_daemon(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``restock --db DB daemon --json --no-lookup --no-sound ARGS`` with pipes on stdio."""
    command = [*RESTOCK, "--db", str(db), "daemon", "--json",
               "--no-lookup", "--no-sound", *args]  # fmt: skip
    # The log goes to a file: an unread stderr pipe fills up and would stall the daemon.
    log = open(db.parent / "daemon.log", "ab")  # noqa: SIM115 - closed by the caller's exit
    return subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        env=env if env is not None else daemon_env(db.parent),
    )


def daemon_log(db: Path) -> str:
    """What the daemons started for ``db`` logged."""
    return (db.parent / "daemon.log").read_text(errors="replace")


def send(process: subprocess.Popen, line: bytes) -> None:
    """Type one line into the daemon's standard input."""
    process.stdin.write(line + b"\n")
    process.stdin.flush()


def next_event(process: subprocess.Popen) -> dict:
    """The next JSON event the daemon acknowledged (blocks until it comes)."""
    line = process.stdout.readline()
    if not line:
        raise AssertionError("daemon ended without answering; see daemon.log")
    return json.loads(line)
