"""The list commands: add, remove, undo, history, list, name."""

from __future__ import annotations

import json

import click

from household.cli import AppContext
from household.errors import UsageError
from household.model import Substitution
from household.present import item_to_json, render_history, render_list
from household.units import parse_unit

pass_app = click.make_pass_decorator(AppContext)
by_option = click.option(
    "--by",
    "member",
    metavar="NAME",
    help="Who asks for it (default: configured member, else login).",
)


def _positive(value: float | None, option: str = "--quantity") -> float | None:
    if value is not None and not value > 0:
        raise UsageError(f"{option} must be more than 0, e.g. {option} 2.")
    return value


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("-q", "--quantity", type=float, default=1.0, show_default=True, help="How many.")
@click.option("-u", "--unit", help="Unit: l, kg, g, pack, bottle, jar... (default: a count).")
@by_option
@pass_app
def add(app: AppContext, text: tuple[str, ...], quantity: float, unit: str | None, member):
    """Put a product name or a barcode on the list (merges with a line already there)."""
    app.member_option = member
    _positive(quantity)
    result = app.store().add(" ".join(text), quantity, parse_unit(unit), by=app.member)
    click.echo(result.message)


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("-q", "--quantity", type=float, help="Take off only this much (default: the line).")
@by_option
@pass_app
def remove(app: AppContext, text: tuple[str, ...], quantity: float | None, member):
    """Take a line off the list, by name or barcode."""
    app.member_option = member
    click.echo(app.store().remove(" ".join(text), _positive(quantity), by=app.member))


@click.command()
@by_option
@pass_app
def undo(app: AppContext, member):
    """Undo the latest change to the list, whoever made it."""
    app.member_option = member
    click.echo(app.store().undo(by=app.member))


@click.command()
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_app
def history(app: AppContext, limit: int, as_json: bool):
    """The latest changes to the list, newest first."""
    changes = app.store().history(limit)
    if as_json:
        rows = [
            {
                "id": c.id,
                "at": c.at.isoformat(),
                "by": c.by,
                "action": c.action,
                "summary": c.summary,
                "undone": c.undone,
            }
            for c in changes
        ]
        click.echo(json.dumps({"changes": rows}, ensure_ascii=False))
        return
    app.console.print(render_history(changes))


@click.command(name="list")
@click.option("--json", "as_json", is_flag=True, help='Print JSON: {"items": [...]}.')
@pass_app
def list_items(app: AppContext, as_json: bool):
    """Show the household list."""
    items = app.store().items()
    if as_json:
        payload = {"items": [item_to_json(item) for item in items]}
        click.echo(json.dumps(payload, ensure_ascii=False))
        return
    app.console.print(render_list(items))


@click.command()
@click.argument("gtin")
@click.argument("name", nargs=-1, required=True)
@by_option
@pass_app
def name(app: AppContext, gtin: str, name: tuple[str, ...], member):
    """Name a barcode: restock name 3017620422003 "pâte à tartiner"."""
    app.member_option = member
    click.echo(app.store().name_product(gtin, " ".join(name), by=app.member))


POLICIES = {policy.value.replace("_", "-"): policy for policy in Substitution}


@click.command()
@click.argument("policy", type=click.Choice(sorted(POLICIES)))
@click.argument("text", nargs=-1, required=True)
@by_option
@pass_app
def allow(app: AppContext, policy: str, text: tuple[str, ...], member):
    """How far the comparator may substitute a line: exact, same-brand, any-brand, store-brand.

    restock allow any-brand lait  lets the basket take any brand of milk, shown with
    its reason; the default is the exact product, never substituted silently.
    """
    app.member_option = member
    click.echo(app.store().allow_substitution(" ".join(text), POLICIES[policy], by=app.member))
