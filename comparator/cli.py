"""Command line of the comparator: ``restock basket solve``.

Imported lazily by household/cli.py, so HiGHS is only loaded when a basket is solved.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console

from comparator.instance import load_instance
from comparator.optimize import solve_basket
from comparator.present import basket_json, render_basket
from household.errors import NoFeasibleBasket

__all__ = ["basket"]


@click.group()
def basket() -> None:
    """Solve cheapest-basket instances."""


@basket.command("solve")
@click.argument("instance_path", metavar="INSTANCE.json", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@click.pass_context
def solve(ctx: click.Context, instance_path: Path, as_json: bool) -> None:
    """Find the proven cheapest plan for an instance file (format: shared/basket/README.md).

    With --json the status says whether a plan exists ("optimal" or "infeasible"), and the
    exit status is 0 either way; the reason of an infeasible instance goes to stderr.
    Without --json an infeasible instance is an error (exit status 1).
    """
    instance = load_instance(instance_path)
    plan = solve_basket(instance)
    if as_json:
        click.echo(json.dumps(basket_json(plan)))
        if plan.status != "optimal":
            click.echo(f"restock: {plan.reason}", err=True)
        return
    if plan.status != "optimal":
        raise NoFeasibleBasket(f"{instance_path}: {plan.reason}")
    app = ctx.obj
    console = getattr(app, "console", None) or Console()
    render_basket(plan, console)
