"""The ``restock`` command line: thin wiring of the packages below it.

Commands of the other packages are loaded lazily by name (``LAZY_COMMANDS``), so that
``restock list`` starts fast and never imports OpenCV, Vosk or HiGHS.
"""

from __future__ import annotations

import getpass
import importlib
import importlib.util
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import click
from rich.console import Console

from household.config import Config, load_config
from household.errors import RestockError
from household.paths import resolve_config_path, resolve_db_path

# subcommand name -> "module:attribute" of a click command, imported on first use
LAZY_COMMANDS: dict[str, str] = {
    "add": "household.cli_list:add",
    "remove": "household.cli_list:remove",
    "undo": "household.cli_list:undo",
    "history": "household.cli_list:history",
    "list": "household.cli_list:list_items",
    "name": "household.cli_list:name",
    "allow": "household.cli_list:allow",
    "decode": "device.cli_camera:decode",
    "daemon": "device.cli_daemon:daemon",
    "mode-codes": "device.cli_daemon:mode_codes",
    "parse": "device.cli_voice:parse",
    "hear": "device.cli_voice:hear",
    "voice": "device.cli_voice:voice",
    "lookup": "retailer_adapters.cli:lookup",
    "prices": "retailer_adapters.cli:prices",
    "retailers": "retailer_adapters.cli:retailers",
    "basket": "comparator.cli:basket",
    "compare": "comparator.cli_compare:compare",
    "serve-list": "comparator.cli_compare:serve_list",
}


@dataclass
class AppContext:
    """What every command needs, resolved once from the options and the environment."""

    db_option: str | None
    config_option: str | None
    member_option: str | None
    environ: Mapping[str, str]
    console: Console = field(default_factory=Console)
    _store: object | None = None
    _config: Config | None = None

    @property
    def db_path(self) -> Path:
        """The household database file."""
        return resolve_db_path(self.db_option, self.environ)

    def config(self) -> Config:
        """The configuration, read once."""
        if self._config is None:
            self._config = self.read_config()
        return self._config

    def read_config(self) -> Config:
        """The configuration as the file says now (ConfigError if it is broken)."""
        path, required = resolve_config_path(self.config_option, self.environ)
        return load_config(path, required=required)

    def use_config(self, config: Config) -> None:
        """Take ``config`` from now on (the daemon's reload, once it checked it)."""
        self._config = config

    def store(self):
        """The household store, opened once (and migrated if the file is older)."""
        if self._store is None:
            from household.store import HouseholdStore

            self._store = HouseholdStore.open(self.db_path)
        return self._store

    @property
    def member(self) -> str:
        """Who is acting: ``--by``, else the configured member, else the login name."""
        if self.member_option:
            return self.member_option
        configured = self.config().household.member
        if configured:
            return configured
        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "someone"

    def close(self) -> None:
        """Release the database."""
        if self._store is not None:
            self._store.close()
            self._store = None


class RestockGroup(click.Group):
    """A click group that loads commands lazily and shows RestockError without a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Built-in commands plus the lazy ones whose module is installed."""
        names = set(super().list_commands(ctx))
        for name, target in LAZY_COMMANDS.items():
            if importlib.util.find_spec(target.partition(":")[0]) is not None:
                names.add(name)
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import a lazy command on first use."""
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in LAZY_COMMANDS:
            return command
        module_name, _, attribute = LAZY_COMMANDS[cmd_name].partition(":")
        if importlib.util.find_spec(module_name) is None:
            return None
        return getattr(importlib.import_module(module_name), attribute)

    def invoke(self, ctx: click.Context):
        """Run the command; a RestockError becomes its message and a non-zero exit."""
        try:
            return super().invoke(ctx)
        except RestockError as err:
            click.echo(f"restock: {err}", err=True)
            ctx.exit(err.exit_code)
        except KeyboardInterrupt:
            ctx.exit(130)
        finally:
            if isinstance(ctx.obj, AppContext):
                ctx.obj.close()


@click.group(cls=RestockGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_option",
    metavar="PATH",
    help="Household database file (default: $RESTOCK_DB, else the user data directory).",
)
@click.option(
    "--config",
    "config_option",
    metavar="FILE",
    help="Configuration file (default: $RESTOCK_CONFIG, else the user config directory).",
)
@click.version_option(package_name="restock")
@click.pass_context
def cli(ctx: click.Context, db_option: str | None, config_option: str | None) -> None:
    """restock: scan or say what ran out, then buy it where it is cheapest."""
    ctx.obj = AppContext(
        db_option=db_option,
        config_option=config_option,
        member_option=None,
        environ=dict(os.environ),
    )


def main(argv: list[str] | None = None) -> None:
    """The console-script entry point."""
    cli.main(args=argv, prog_name="restock")
