"""The live terminal view of ``restock daemon``: the list, updated as scans arrive."""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from device.commands import Outcome
from household.model import ListItem
from household.units import format_quantity

RECENT = 5
_STYLES = {"added": "green", "removed": "yellow", "refused": "bold red", "unknown": "magenta"}


def render_view(items: Sequence[ListItem], recent: Sequence[Outcome], sources: str) -> Group:
    """The list as a table, with the latest outcomes under it."""
    table = Table(title=f"Shopping list — scanning from {sources}", expand=True)
    table.add_column("Item")
    table.add_column("Qty", justify="right")
    table.add_column("Barcode", style="dim")
    for item in items:
        quantity = format_quantity(item.quantity) + (f" {item.unit}" if item.unit else "")
        table.add_row(item.name, quantity, item.gtin.short if item.gtin else "")
    if not items:
        table.add_row(Text("empty: scan a product", style="dim"), "", "")
    lines = [
        Text(
            f"{o.event:>8}  {o.message}" + (f" ({o.note})" if o.note else ""),
            style=_STYLES.get(o.event, ""),
        )
        for o in recent
    ]
    hint = Text("Scan a barcode (Ctrl-C to stop).", style="dim")
    return Group(table, *lines, hint)


@contextlib.contextmanager
def live_list(console: Console, store, sources: Sequence[str]) -> Iterator[Callable]:
    """A ``report`` callback that redraws the list after each outcome (main thread only)."""
    recent: deque[Outcome] = deque(maxlen=RECENT)
    names = ", ".join(sources)
    first = render_view(store.items(), recent, names)
    with Live(first, console=console, auto_refresh=False) as live:

        def report(outcome: Outcome) -> None:
            recent.append(outcome)
            live.update(render_view(store.items(), recent, names), refresh=True)

        yield report
