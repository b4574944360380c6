"""The household list on a real SQLite file: merging, units, undo, products, refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from household.errors import (
    InputRefused,
    InvalidGtin,
    ItemNotFound,
    NothingToUndo,
    UsageError,
)
from household.gtin import Gtin, compute_check_digit
from household.model import Product, Source
from household.store import HouseholdStore

NUTELLA = "3017620422003"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(db_path, clock):
    opened = HouseholdStore.open(db_path, clock=clock)
    yield opened
    opened.close()


def snapshot(store: HouseholdStore) -> list[tuple]:
    return [(i.name, i.quantity, i.unit, i.gtin and i.gtin.short) for i in store.items()]


def test_adding_the_same_name_merges_and_says_so(store):
    assert store.add("lait", by="ana").message == "Added lait"
    result = store.add("Lait ", 2, by="bob")
    assert result.merged
    assert result.message == "lait: now 3"
    assert snapshot(store) == [("lait", 3, None, None)]


def test_plural_accents_and_case_merge(store):
    store.add("Pommes de terre", 1, "kg", by="ana")
    assert store.add("pomme de terre", 500, "g", by="ana").message == "Pommes de terre: now 1.5 kg"
    store.add("Œufs", 6, by="ana")
    assert store.add("oeuf", 6, by="ana").message == "Œufs: now 12"


def test_incompatible_units_stay_separate_lines(store):
    store.add("lait", 1, "l", by="ana")
    store.add("lait", 2, "bottle", by="ana")
    store.add("lait", 500, "ml", by="ana")
    assert snapshot(store) == [("lait", 1.5, "l", None), ("lait", 2, "bottle", None)]


def test_unknown_barcode_goes_on_at_once_and_is_queued_for_lookup(store):
    result = store.add(NUTELLA, by="ana", source=Source.SCAN)
    assert result.item.name == f"unknown {NUTELLA}"
    assert result.message == (
        f'Added unknown {NUTELLA}; name it with: restock name {NUTELLA} "..."'
    )
    assert result.item.source is Source.SCAN
    assert [g.short for g in store.due_lookups()] == [NUTELLA]


def test_scanning_again_merges_on_the_barcode(store):
    store.add(NUTELLA, by="ana")
    assert store.add(NUTELLA, by="bob").message == f"unknown {NUTELLA}: now 2"
    assert len(store.items()) == 1


def test_upc_e_and_upc_a_of_one_product_merge(store):
    store.add("042100005264", by="ana")
    store.add_gtin(Gtin.parse("04252614", "UPCE"), by="ana")
    assert snapshot(store) == [("unknown 0042100005264", 2, None, "0042100005264")]


def test_naming_a_barcode_renames_its_lines_and_is_remembered(store):
    store.add(NUTELLA, by="ana")
    assert store.name_product(NUTELLA, "pâte à tartiner", by="ana") == (
        f"{NUTELLA} is now called pâte à tartiner"
    )
    assert snapshot(store) == [("pâte à tartiner", 1, None, NUTELLA)]
    store.remove(NUTELLA, by="ana")
    assert store.add(NUTELLA, by="ana").item.name == "pâte à tartiner"
    assert "pâte à tartiner" in store.known_names()


def test_saved_product_names_unknown_lines_but_not_named_ones(store):
    store.add(NUTELLA, by="ana")
    store.save_product(Product(gtin=Gtin.parse(NUTELLA), name="Nutella", brand="Ferrero"))
    assert store.items()[0].name == "Nutella"
    assert store.find_product(Gtin.parse(NUTELLA)).brand == "Ferrero"
    store.name_product(NUTELLA, "pâte à tartiner", by="ana")
    store.save_product(Product(gtin=Gtin.parse(NUTELLA), name="Nutella 400g"))
    assert store.items()[0].name == "pâte à tartiner"


def test_wrong_check_digit_changes_nothing(store):
    store.add("lait", by="ana")
    before = snapshot(store)
    with pytest.raises(InvalidGtin, match="check digit"):
        store.add("3017620422004", by="ana")
    assert snapshot(store) == before
    assert len(store.history()) == 1


def test_scale_label_is_keyed_by_its_article_not_its_price(store):
    # Same article 1234567 at the butcher, two packages of different weight and price.
    first = "2" + "123456" + "01234"
    second = "2" + "123456" + "05678"
    store.add(first + compute_check_digit(first), by="ana")
    result = store.add(second + compute_check_digit(second), by="ana")
    assert result.merged
    assert snapshot(store) == [("weighed item 2123456", 2, None, None)]
    assert store.due_lookups() == []


def test_books_are_recognised_and_coupons_refused(store):
    assert store.add("9782070612758", by="ana").item.name == "book 9782070612758"
    coupon = "991234567890"
    with pytest.raises(InputRefused, match="coupon"):
        store.add(coupon + compute_check_digit(coupon), by="ana")
    assert len(store.items()) == 1


def test_undo_walks_back_every_kind_of_change(store, clock):
    store.add("lait", by="ana")
    clock.advance(minutes=1)
    store.add("lait", 2, by="bob")
    store.add(NUTELLA, by="bob")
    store.name_product(NUTELLA, "Nutella", by="ana")
    store.remove("lait", by="ana")
    states = []
    while True:
        states.append(snapshot(store))
        try:
            store.undo(by="carl")
        except NothingToUndo as err:
            assert str(err) == "Nothing to undo: the history is empty."
            break
    assert states == [
        [("Nutella", 1, None, NUTELLA)],
        [("lait", 3, None, None), ("Nutella", 1, None, NUTELLA)],
        [("lait", 3, None, None), (f"unknown {NUTELLA}", 1, None, NUTELLA)],
        [("lait", 3, None, None)],
        [("lait", 1, None, None)],
        [],
    ]
    assert store.find_product(Gtin.parse(NUTELLA)) is None


def test_undo_message_names_the_change_and_who_made_it(store):
    store.add("lait", 2, "l", by="ana")
    assert store.undo(by="bob") == "Undid: Added lait (2 l) (by ana, 2026-11-24T08:00:00+00:00)"


def test_history_is_newest_first_and_marks_undone(store):
    store.add("lait", by="ana")
    store.add("pain", by="bob")
    store.undo(by="ana")
    history = store.history()
    assert [(c.by, c.summary, c.undone) for c in history] == [
        ("bob", "Added pain", True),
        ("ana", "Added lait", False),
    ]


def test_remove_part_of_a_line_then_all_of_it(store):
    store.add("oeufs", 12, by="ana")
    assert store.remove("oeufs", 4, by="ana") == "oeufs: now 8"
    assert store.remove("oeufs", 10, by="ana") == "Removed oeufs"
    assert store.items() == []


def test_remove_unknown_suggests_close_names(store):
    store.add("yaourts", by="ana")
    with pytest.raises(ItemNotFound) as err:
        store.remove("yaourt nature", by="ana")
    assert str(err.value) == (
        "'yaourt nature' is not on the list; nothing was changed. Did you mean: yaourts?"
    )
    with pytest.raises(ItemNotFound, match="restock list"):
        store.remove("caviar", by="ana")


def test_set_quantity(store):
    store.add("lait", 2, by="ana")
    assert store.set_quantity("lait", 3, by="ana").message == "lait: now 3"
    assert store.set_quantity("lait", 1.5, "l", by="ana").message == "lait: now 1.5 l"
    with pytest.raises(ItemNotFound):
        store.set_quantity("beurre", 2, by="ana")


@pytest.mark.parametrize("quantity", [0, -1, float("nan"), float("inf"), 1e9])
def test_bad_quantities_are_refused(store, quantity):
    with pytest.raises(UsageError, match="Quantity"):
        store.add("lait", quantity, by="ana")
    assert store.items() == []


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", UsageError),
        ("   ", UsageError),
        ("lait\x00", InputRefused),
        ("l" * 500, InputRefused),
        ("\x1b[31mrouge", InputRefused),
    ],
)
def test_bad_names_are_refused(store, text, error):
    with pytest.raises(error):
        store.add(text, by="ana")
    assert store.items() == []


def test_lookup_queue_backs_off_and_clears(store, clock):
    gtin = Gtin.parse(NUTELLA)
    store.queue_lookup(gtin)
    store.queue_lookup(gtin)  # twice is once
    assert store.due_lookups() == [gtin]
    assert store.lookup_failed(gtin, "timed out", clock.now + timedelta(minutes=5)) == 1
    assert store.due_lookups() == []
    clock.advance(minutes=6)
    assert store.due_lookups() == [gtin]
    store.lookup_done(gtin)
    assert store.due_lookups() == []


def test_list_survives_reopening(db_path, clock):
    first = HouseholdStore.open(db_path, clock=clock)
    first.add("lait", 2, "l", by="ana")
    first.close()
    again = HouseholdStore.open(db_path, clock=clock)
    assert snapshot(again) == [("lait", 2, "l", None)]
    again.close()


def test_substitution_policy_is_set_per_line_and_undoable(store):
    from household.model import Substitution

    store.add("lait", by="ana")
    assert store.allow_substitution("Lait", Substitution.ANY_BRAND, by="ana") == (
        "lait: any brand of the same product is fine"
    )
    assert store.items()[0].substitution is Substitution.ANY_BRAND
    store.undo(by="bob")
    assert store.items()[0].substitution is Substitution.EXACT
    with pytest.raises(ItemNotFound):
        store.allow_substitution("beurre", Substitution.ANY_BRAND, by="ana")
