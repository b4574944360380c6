"""The daemon's pieces in one process: commands and modes, voice, sources, lookups."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from adapter_server import Reply, recorded, serving

from device.commands import ModeState, ScanCommand, ScanMode, interpret
from device.daemon import Daemon
from device.hid_recording import synthesize
from device.lookup_worker import LookupWorker, backoff_s
from device.sources.base import InputKind, SourceInput
from household.errors import CameraUnavailable
from household.gtin import Gtin
from household.store import HouseholdStore
from retailer_adapters.openfoodfacts import OpenFoodFactsSource
from retailer_adapters.settings import OpenFoodFactsSettings

NUTELLA = "3017620422003"


def test_a_mode_falls_back_to_adding_after_the_timeout():
    command, state = interpret("RESTOCK-REMOVE", ModeState(), now=100.0, timeout_s=60)
    command, state = interpret(NUTELLA, state, now=130.0, timeout_s=60)
    assert command.mode is ScanMode.REMOVE
    command, state = interpret(NUTELLA, state, now=189.0, timeout_s=60)  # 59 s after last scan
    assert command.mode is ScanMode.REMOVE
    command, state = interpret(NUTELLA, state, now=250.0, timeout_s=60)
    assert command == ScanCommand(Gtin.parse(NUTELLA), ScanMode.ADD, 1)


def test_a_quantity_counts_for_the_next_scan_only():
    _, state = interpret("BBUDDY-Q-4", ModeState(), now=0.0)
    first, state = interpret(NUTELLA, state, now=1.0)
    second, state = interpret(NUTELLA, state, now=2.0)
    assert (first.quantity, second.quantity) == (4, 1)


def test_scanner_wrapping_control_characters_are_stripped():
    command, _ = interpret(f"\x02{NUTELLA}\x03\r", ModeState(), now=0.0)
    assert command.gtin.short == NUTELLA


def test_an_empty_line_is_no_input():
    assert interpret(" \t\r", ModeState(), now=0.0) == (None, ModeState())


class ListSource:
    """An InputSource that emits fixed inputs and ends (or fails, like a missing camera)."""

    def __init__(self, name, inputs=(), error=None):
        self.name = name
        self._inputs = inputs
        self._error = error

    def run(self, emit, stop):
        for text, kind in self._inputs:
            emit(SourceInput(text, kind, self.name, 0.0))
        if self._error:
            raise self._error


@dataclass(frozen=True)
class Item:
    name: str
    quantity: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class ParsedUtterance:
    """The shape device.voice.intents.parse_utterance returns."""

    action: str
    items: tuple[Item, ...]


def fake_parser(text, lang, known_names):
    if text.startswith("ajoute"):
        return ParsedUtterance("add", (Item("lait", 2, "l"), Item("œufs", 12)))
    if text == "annule":
        return ParsedUtterance("undo", ())
    return ParsedUtterance("unknown", ())


def run_daemon(db_path, sources, **kwargs):
    store = HouseholdStore.open(db_path)
    outcomes = []
    daemon = Daemon(store, sources, outcomes.append, by="ana", clock=lambda: 1.0, **kwargs)
    daemon.run(threading.Event())
    items = {item.name: (item.quantity, item.unit, str(item.source)) for item in store.items()}
    store.close()
    return outcomes, items


def test_voice_and_scans_share_the_commands(db_path):
    voice = ListSource("mic", [("ajoute deux litres de lait et douze œufs", InputKind.UTTERANCE),
                               ("chante", InputKind.UTTERANCE)])  # fmt: skip
    outcomes, items = run_daemon(db_path, [voice], parse_utterance=fake_parser)
    assert [o.event for o in outcomes] == ["added", "added", "refused"]
    assert items == {"lait": (2.0, "l", "voice"), "œufs": (12.0, None, "voice")}
    assert outcomes[2].reason == (
        "'chante' was not understood as a list command. Say e.g. 'ajoute deux litres de lait' "
        "or 'add a dozen eggs'."
    )


def test_a_failing_source_is_logged_and_the_others_go_on(db_path, caplog):
    camera = ListSource("camera:0", error=CameraUnavailable("No camera at /dev/video0."))
    scanner = ListSource("stdin", [(NUTELLA, InputKind.TEXT)])
    outcomes, _items = run_daemon(db_path, [camera, scanner])
    assert [o.event for o in outcomes] == ["added"]
    assert "camera:0 stopped: No camera at /dev/video0." in caplog.text


def test_voice_without_the_parser_is_refused_not_fatal(db_path):
    outcomes, _ = run_daemon(
        db_path, [ListSource("mic", [("ajoute du lait", InputKind.UTTERANCE)])]
    )
    assert outcomes[0].event == "refused"


# -- product lookups in the background, against a local server with recorded answers ---------

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture
def replay_server():
    with serving() as server:
        yield server


def off_source(url):
    settings = OpenFoodFactsSettings(
        base_url=url,
        nonfood_urls=(),
        min_interval_s=0.0,
        contact="test@example.org",
        timeout_s=2.0,
        retries=0,
    )
    return OpenFoodFactsSource(settings, requests.Session(), clock=lambda: NOW, backoff_s=0.01)


def test_lookup_names_the_unknown_line_and_reports_it(db_path, replay_server):
    replay_server.add(
        f"/api/v2/product/{NUTELLA}", Reply(body=recorded("openfoodfacts", "product_nutella.json"))
    )
    store = HouseholdStore.open(db_path)
    store.add_gtin(Gtin.parse(NUTELLA), by="ana")  # queues the lookup
    reports = []
    worker = LookupWorker(db_path, off_source(replay_server.url), reports.append)
    assert worker.run_once(store) == 1
    assert [(r.event, r.name) for r in reports] == [
        ("resolved", "Pâte à tartiner Nutella noisettes et cacao - 400g")
    ]
    assert store.items()[0].name == "Pâte à tartiner Nutella noisettes et cacao - 400g"
    assert store.due_lookups() == []
    store.close()


def test_lookup_of_a_product_nobody_knows_is_reported_unknown(db_path, replay_server):
    replay_server.add(
        f"/api/v2/product/{NUTELLA}", Reply(404, recorded("openfoodfacts", "not_found.json"))
    )
    store = HouseholdStore.open(db_path)
    store.add_gtin(Gtin.parse(NUTELLA), by="ana")
    reports = []
    LookupWorker(db_path, off_source(replay_server.url), reports.append).run_once(store)
    assert [r.event for r in reports] == ["unknown"]
    assert reports[0].message == (
        f'{NUTELLA} is not in openfoodfacts; name it with: restock name {NUTELLA} "..."'
    )
    assert store.due_lookups() == []
    store.close()


def test_a_source_that_is_down_is_retried_with_backoff(db_path, replay_server):
    replay_server.add(f"/api/v2/product/{NUTELLA}", Reply(503, "<html>503</html>"))
    clock = [NOW]
    store = HouseholdStore.open(db_path, clock=lambda: clock[0])
    store.add_gtin(Gtin.parse(NUTELLA), by="ana")
    reports = []
    worker = LookupWorker(
        db_path, off_source(replay_server.url), reports.append, clock=lambda: clock[0], base_s=30
    )
    assert worker.run_once(store) == 1
    assert reports == [] and store.due_lookups() == []  # not due again before 30 s
    clock[0] = NOW + timedelta(seconds=31)
    assert worker.run_once(store) == 1  # second failure: next wait is 60 s
    clock[0] = NOW + timedelta(seconds=31 + 59)
    assert store.due_lookups() == []
    clock[0] = NOW + timedelta(seconds=31 + 61)
    assert store.due_lookups() == [Gtin.parse(NUTELLA)]
    assert reports == []
    store.close()


def test_backoff_doubles_and_is_capped():
    assert [backoff_s(n, 30, 200) for n in range(5)] == [30, 60, 120, 200, 200]


# -- the stdin source and the live view -----------------------------------------------------


def read_lines(data: bytes, max_line_bytes=1024):
    import os

    from device.sources.stdin import StdinSource

    read_fd, write_fd = os.pipe()
    got = []
    writer = threading.Thread(target=lambda: (os.write(write_fd, data), os.close(write_fd)))
    writer.start()
    StdinSource(read_fd, max_line_bytes=max_line_bytes).run(got.append, threading.Event())
    writer.join()
    os.close(read_fd)
    return [g.text for g in got]


def test_stdin_cuts_overlong_lines_and_keeps_a_last_line_without_newline():
    data = b"1" * 5000 + b"\n\r\n\n3017620422003\r\n" + b"x" * 3000 + b"tail\n96385074"
    assert read_lines(data, max_line_bytes=100) == ["1" * 100, NUTELLA, "x" * 100, "96385074"]


def test_stdin_decodes_binary_leniently():
    assert read_lines(b"\xff\xfeab\xc3\n") == ["\ufffd\ufffdab\ufffd"]


def test_live_view_shows_the_list_and_the_latest_outcomes(db_path):
    import io

    from rich.console import Console

    from device.commands import Outcome
    from device.live_view import render_view

    store = HouseholdStore.open(db_path)
    store.add_gtin(Gtin.parse(NUTELLA), 2, by="ana")
    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(render_view(store.items(), [Outcome("refused", "'x' is not a barcode.")], "hid"))
    text = console.file.getvalue()
    store.close()
    assert "Shopping list — scanning from hid" in text
    assert f"unknown {NUTELLA}" in text and " 2 " in text
    assert "refused  'x' is not a barcode." in text


def test_real_voice_parser_through_the_daemon(db_path):
    from device.daemon import voice_parser

    said = ["ajoute deux litres de lait et une douzaine d'œufs", "mets-en trois", "enlève le lait",
            "annule", "bonjour", "mets-en deux de plus"]  # fmt: skip
    voice = ListSource("mic", [(text, InputKind.UTTERANCE) for text in said])
    outcomes, items = run_daemon(db_path, [voice], parse_utterance=voice_parser())
    assert [o.event for o in outcomes] == ["added", "added", "set", "removed", "undone",
                                           "refused", "added"]  # fmt: skip
    assert outcomes[2].message == "œufs: now 3"
    assert outcomes[5].reason.startswith("Nothing was heard but filler words.")
    # "two more" adds to the line changed last: the eggs (the undo put the milk back as
    # it was, its last change older than the eggs'), 3 + 2, where "mets-en" would set 2
    assert outcomes[6].message.startswith("œufs") and outcomes[6].total == 5
    assert items == {"lait": (2.0, "l", "voice"), "œufs": (5.0, None, "voice")}


def test_hid_scans_reach_the_list_through_the_daemon(db_path):
    from test_hid import FakeScanner

    from device.hid_recording import load_events
    from device.sources.hid import HidSource

    recording = Path(__file__).parent / "data" / "hid" / "fr_azerty_two_scans.jsonl"
    scanner = FakeScanner([load_events(recording), synthesize(NUTELLA, "de")])
    source = HidSource(
        "fake", find=lambda spec: "/dev/input/event7", open_device=lambda path: scanner
    )
    store = HouseholdStore.open(db_path)
    stop, outcomes = threading.Event(), []

    def report(outcome):
        outcomes.append(outcome)
        if len(outcomes) == 3:
            stop.set()

    Daemon(store, [source], report, by="ana").run(stop)
    assert [(o.event, o.quantity, o.source) for o in outcomes] == [
        ("added", 1, "hid:fake"),
        ("mode", None, "hid:fake"),
        ("added", 2, "hid:fake"),
    ]
    assert [(i.gtin.short, i.quantity) for i in store.items()] == [(NUTELLA, 3)]
    store.close()


def test_the_store_commits_durably(db_path):
    store = HouseholdStore.open(db_path)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    store.close()
