"""The command line's wiring: every subcommand loads, and the list stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

from household.cli import LAZY_COMMANDS, RestockGroup, cli


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_every_lazy_command_loads(name):
    command = RestockGroup.get_command(cli, None, name)
    assert command is not None, f"{LAZY_COMMANDS[name]} is missing"
    assert command.help, f"restock {name} has no help text"


def test_help_lists_every_command(restock):
    result = restock("--help")
    assert result.returncode == 0
    for name in LAZY_COMMANDS:
        assert name in result.stdout


def test_the_list_commands_never_import_the_heavy_libraries(tmp_path):
    # numpy is fine: sqlite-utils imports it whenever it is installed.
    code = (
        "import sys\n"
        "from household.cli import cli\n"
        f"cli.main(['--db', {str(tmp_path / 'h.db')!r}, 'list'], standalone_mode=False)\n"
        "heavy = sorted(m for m in ('cv2', 'vosk', 'highspy', 'pyzbar', 'zxingcpp', 'sounddevice')"
        " if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == ""
