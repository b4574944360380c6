"""The comparison for people (Rich) and for programs (JSON).

``render_comparison`` prints a panel per order through present.render_basket, then the
savings, the lines nobody prices, stale prices, substitutions and the retailers left out.
``comparison_json`` is ``restock basket solve --json`` plus those same facts.
"""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console
from rich.text import Text

from comparator.matching import Match, MatchKind
from comparator.planning import Comparison
from comparator.present import basket_json, format_cents, render_basket

__all__ = ["comparison_json", "line_label", "render_comparison"]


def line_label(label: str, match: Match) -> str:
    """'lait: 6 × Lait demi-écrémé UHT Azur 1 l  5.34' (what to take off the shelf)."""
    product = match.offer.name
    packs = f"{match.packs} × " if match.packs != 1 else ""
    what = f"{packs}{product}" if product != label else f"{packs}{label}"
    head = f"{label}: {what}" if product != label else what
    marker = "  (substitute)" if match.kind is MatchKind.SUBSTITUTE else ""
    return f"{head}  {format_cents(match.line_cents)}{marker}"


def render_comparison(comparison: Comparison, console: Console) -> None:
    """Print the whole comparison into ``console``."""
    names = comparison.retailer_names
    basket = comparison.basket
    if not comparison.lines:
        console.print("The list is empty: add items with `restock add`, then compare again.")
        return
    shown = replace(
        basket,
        orders=tuple(replace(o, retailer=names.get(o.retailer, o.retailer)) for o in basket.orders),
        unavailable=(),
    )
    labels = {label: line_label(label, m) for label, m in comparison.chosen.items()}
    render_basket(shown, console, labels)
    if basket.status == "optimal" and basket.orders:
        _render_savings(comparison, console)
    _render_unpriced(comparison, console)
    _render_stale(comparison, console)
    _render_substitutions(comparison, console)
    _render_name_matches(comparison, console)
    if comparison.failures:
        console.print(Text("Retailers left out:", style="bold red"))
        for failure in comparison.failures:
            console.print(f"  {failure.message}", highlight=False)


def _render_savings(comparison: Comparison, console: Console) -> None:
    single = comparison.single
    if single is not None:
        saving = comparison.saving_vs_single_cents or 0
        name = comparison.retailer_names.get(single.retailer, single.retailer)
        console.print(
            f"Saving against the best single retailer ({name} · {single.mode}, "
            f"{format_cents(single.total_cents)}): {format_cents(saving)}",
            highlight=False,
        )
    else:
        console.print(f"Best single retailer: none, {comparison.single_note}.", highlight=False)
    floor = comparison.cheapest_offers_cents
    if floor is not None:
        above = comparison.above_cheapest_offers_cents or 0
        console.print(
            f"Cheapest offer per item, fees ignored: {format_cents(floor)} "
            f"(the plan costs {format_cents(above)} more: fees and minimum orders)",
            highlight=False,
        )


def _render_unpriced(comparison: Comparison, console: Console) -> None:
    if comparison.unpriced:
        console.print(Text("No price for:", style="yellow"))
        for label in comparison.unpriced:
            console.print(f"  {label}: {comparison.lines[label].note}", highlight=False)
    unpriced = set(comparison.unpriced)
    filtered = [u for u in comparison.basket.unavailable if u not in unpriced]
    if filtered:
        console.print(
            Text(
                "Priced only in modes left out by --modes: " + ", ".join(filtered),
                style="yellow",
            )
        )


def _render_stale(comparison: Comparison, console: Console) -> None:
    if not comparison.stale:
        return
    days = comparison.options.stale_after_days
    console.print(Text(f"Prices older than {days} days (check them on the shelf):", style="yellow"))
    for stale in comparison.stale:
        name = comparison.retailer_names.get(stale.retailer, stale.retailer)
        console.print(
            f"  {stale.line} at {name}: seen {stale.priced_on.isoformat()} "
            f"({stale.age_days} days ago)",
            highlight=False,
        )


def _render_substitutions(comparison: Comparison, console: Console) -> None:
    substitutions = comparison.substitutions
    if not substitutions:
        return
    console.print(Text("Substitutions (not the exact product on the list):", style="bold"))
    for label, match in substitutions:
        name = comparison.retailer_names.get(match.retailer, match.retailer)
        console.print(f"  {label} at {name}: {match.reason}", highlight=False)


def _render_name_matches(comparison: Comparison, console: Console) -> None:
    matches = comparison.name_matches
    if not matches:
        return
    console.print(Text("Matched by name (no barcode on the list):", style="bold"))
    for _label, match in matches:
        console.print(f"  {match.reason}", highlight=False)


def comparison_json(comparison: Comparison) -> dict:
    """``basket solve --json``'s shape plus unpriced lines, failed retailers and the rest."""
    data = basket_json(comparison.basket)
    if comparison.basket.reason:
        data["reason"] = comparison.basket.reason
    single = comparison.single
    data.update(
        unpriced=list(comparison.unpriced),
        failed_retailers=[
            {"retailer": f.retailer, "message": f.message} for f in comparison.failures
        ],
        purchases={label: _purchase_json(m) for label, m in comparison.chosen.items()},
        savings={
            "single_channel": None
            if single is None
            else {
                "retailer": single.retailer,
                "mode": single.mode,
                "total": single.total_cents / 100,
                "saving": (comparison.saving_vs_single_cents or 0) / 100,
            },
            "single_channel_note": comparison.single_note,
            "cheapest_offers_fees_ignored": _cents_or_none(comparison.cheapest_offers_cents),
            "above_cheapest_offers": _cents_or_none(comparison.above_cheapest_offers_cents),
        },
        substitutions=[
            {"item": label, "retailer": m.retailer, "product": m.offer.name, "reason": m.reason}
            for label, m in comparison.substitutions
        ],
        name_matches=[
            {
                "item": label,
                "retailer": m.retailer,
                "product": m.offer.name,
                "confidence": m.confidence,
            }
            for label, m in comparison.name_matches
        ],
        stale=[
            {
                "item": s.line,
                "retailer": s.retailer,
                "priced_on": s.priced_on.isoformat(),
                "age_days": s.age_days,
            }
            for s in comparison.stale
        ],
        unpriced_reasons={label: comparison.lines[label].note for label in comparison.unpriced},
    )
    return data


def _purchase_json(match: Match) -> dict:
    offer = match.offer
    return {
        "retailer": match.retailer,
        "product": offer.name,
        "gtin": offer.gtin.short if offer.gtin else None,
        "packs": match.packs,
        "price": offer.price_cents / 100,
        "line_total": match.line_cents / 100,
        "match": str(match.kind),
        "confidence": match.confidence,
        "priced_on": offer.priced_on.isoformat() if offer.priced_on else None,
    }


def _cents_or_none(cents: int | None) -> float | None:
    return None if cents is None else cents / 100
