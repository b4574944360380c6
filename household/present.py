"""How the household list and its history look: a rich table, and plain JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from rich.table import Table

from household.model import ListItem
from household.store import Change
from household.units import format_quantity

SOURCE_LABELS = {"scan": "scan", "voice": "voice", "typed": "typed"}


def item_to_json(item: ListItem) -> dict[str, object]:
    """One list line as the JSON of ``restock list --json``."""
    return {
        "id": item.id,
        "name": item.name,
        "gtin": item.gtin.short if item.gtin else None,
        "quantity": item.quantity,
        "unit": item.unit,
        "added_by": item.added_by,
        "source": str(item.source),
        "added_at": item.added_at.isoformat(),
        "updated_at": item.updated_at.isoformat(),
        "substitution": str(item.substitution),
    }


def render_list(items: Sequence[ListItem], now: datetime | None = None) -> Table:
    """The list as a table: name, quantity, unit, who asked, when and how."""
    now = now or datetime.now(UTC)
    table = Table(title="Household list", title_justify="left", expand=False)
    table.add_column("Name", style="bold")
    table.add_column("Qty", justify="right")
    table.add_column("Unit")
    table.add_column("Who")
    table.add_column("When")
    table.add_column("How")
    for item in items:
        name = item.name
        if item.gtin and not name.endswith(item.gtin.short):
            name += f" [dim]{item.gtin.short}[/dim]"
        table.add_row(
            name,
            format_quantity(item.quantity),
            item.unit or "",
            item.added_by,
            ago(item.updated_at, now),
            SOURCE_LABELS.get(str(item.source), str(item.source)),
        )
    if not items:
        table.caption = "The list is empty: restock add lait, or scan a barcode."
    return table


def render_history(changes: Sequence[Change], now: datetime | None = None) -> Table:
    """The history as a table, newest first; undone changes are struck through."""
    now = now or datetime.now(UTC)
    table = Table(title="History", title_justify="left")
    table.add_column("When")
    table.add_column("Who")
    table.add_column("What")
    for change in changes:
        what = f"[strike]{change.summary}[/strike] (undone)" if change.undone else change.summary
        table.add_row(ago(change.at, now), change.by, what)
    if not changes:
        table.caption = "Nothing has happened yet."
    return table


def ago(moment: datetime, now: datetime) -> str:
    """'just now', '5 min ago', '3 h ago', else the date."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return moment.astimezone().strftime("%d %b %Y")
