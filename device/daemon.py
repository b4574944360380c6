"""The kitchen daemon: sources -> commands -> household, the only module that knows all three.

Each source runs in a thread of its own and hands its inputs to one queue. The main
thread takes them one by one: interpret (commands.py), commit to the store (SQLite,
WAL, synchronous=FULL: committed means on disk), then acknowledge (``report``: a JSON
line, the live view, a log line), and only then the slow things: the sound, and waking
the lookup worker that names unknown products over the network. A scan never waits
on the network, and nothing is acknowledged before it is committed.

Bad input is refused with a reason and the daemon goes on; a source that fails (a
device error) is logged and the others go on. The daemon ends when every source has
ended, when a source marked ``ends_daemon`` ends (standard input: Ctrl-D or the end of a
pipe), or when ``stop`` is set (SIGTERM; also SIGHUP, after which cli_daemon starts a new
run with the configuration read again).
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from device.commands import (
    DEFAULT_MODE_TIMEOUT_S,
    Command,
    ModeCommand,
    ModeState,
    NamedCommand,
    Outcome,
    Refusal,
    apply,
    commands_from_utterance,
    interpret,
)
from device.mode_codes import ModeAction
from device.sd_notify import Notifier
from device.sources.base import InputKind, InputSource, SourceInput
from household.errors import RestockError
from household.model import Source

log = logging.getLogger(__name__)

IDLE_TICK_S = 0.5
"""The main loop wakes at least this often to check ``stop`` and feed the watchdog."""
SOURCE_STOP_S = 5.0
"""How long a reload waits for each source to let go of its device."""
LATENCY_WINDOW = 10_000
VOCABULARY_EVENTS = frozenset({"added", "set", "removed", "undone", "resolved"})
"""Outcomes that may change the product names a recogniser should expect."""


@dataclass(frozen=True, slots=True)
class _Posted:
    """An outcome from another thread (the lookup worker), acknowledged by the main loop."""

    outcome: Outcome


@dataclass(frozen=True, slots=True)
class _SourceEnded:
    name: str


UtteranceParser = Callable[[str, str, Sequence[str]], object]


def voice_parser() -> UtteranceParser | None:
    """The voice engineer's ``parse_utterance``, if that module is installed."""
    try:
        from device.voice.intents import parse_utterance
    except ImportError:
        return None
    return parse_utterance


class Daemon:
    """Runs sources and applies their inputs to the household store, one at a time."""

    def __init__(
        self,
        store,
        sources: Sequence[InputSource],
        report: Callable[[Outcome], None],
        *,
        by: str,
        language: str = "fr",
        mode_timeout_s: float = DEFAULT_MODE_TIMEOUT_S,
        feedback=None,
        lookup=None,
        notifier: Notifier | None = None,
        parse_utterance: UtteranceParser | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.sources = list(sources)
        self._report = report
        self._by = by
        self._language = language
        self._mode_timeout_s = mode_timeout_s
        self._feedback = feedback
        self._lookup = lookup
        self._notifier = notifier or Notifier({})
        self._parse_utterance = parse_utterance
        self._clock = clock
        self._queue: queue.Queue[SourceInput | _Posted | _SourceEnded] = queue.Queue()
        self._mode = ModeState()
        self.latencies_s: collections.deque[float] = collections.deque(maxlen=LATENCY_WINDOW)
        """Scan-to-acknowledge time of the latest inputs."""
        self.handled = 0
        self.failed: dict[str, str] = {}
        """Sources that stopped on an error, by name, with the reason."""
        self._shared_names: list[str] | None = None

    # -- called from other threads ------------------------------------------------------

    def submit(self, item: SourceInput) -> None:
        """A source's ``emit``: queue one input (thread-safe, never blocks)."""
        self._queue.put(item)

    def post(self, outcome: Outcome) -> None:
        """Acknowledge ``outcome`` from the main loop (for the lookup worker's results)."""
        self._queue.put(_Posted(outcome))

    # -- the main loop --------------------------------------------------------------------

    def run(self, stop: threading.Event, *, reloading: threading.Event | None = None) -> int:
        """Run until every source ended or ``stop`` is set; returns the inputs handled.

        When ``reloading`` is set with ``stop``, systemd hears of a reload, not a stop, and
        the sources have let go of their devices when this returns (to be opened again).
        """
        running = {source.name for source in self.sources}
        final = {s.name for s in self.sources if getattr(s, "ends_daemon", False)}
        self._share_vocabulary()  # before the sources start: the recogniser's first grammar
        threads = [
            threading.Thread(
                target=self._run_source, args=(source, stop), name=source.name, daemon=True
            )
            for source in self.sources
        ]
        for thread in threads:
            thread.start()
        if self._lookup is not None:
            self._lookup.start(stop)
        names = ", ".join(sorted(running)) or "no source"
        self._notifier.ready(f"reading {names}")
        log.info("restock daemon ready: reading %s", names)
        interval = self._notifier.watchdog_interval_s
        next_ping = self._clock()
        while running and not stop.is_set():
            if interval is not None and self._clock() >= next_ping:
                self._notifier.watchdog()
                next_ping = self._clock() + interval
            tick = IDLE_TICK_S if interval is None else min(IDLE_TICK_S, interval)
            try:
                item = self._queue.get(timeout=tick)
            except queue.Empty:
                continue
            if isinstance(item, _SourceEnded):
                running.discard(item.name)
                if item.name in final:
                    stop.set()  # end of the terminal's input: the person is done
            else:
                self._handle_item(item)
        if reloading is not None and reloading.is_set():
            self._notifier.reloading()
            for thread in threads:  # each source checks ``stop`` within a fraction of a second
                thread.join(SOURCE_STOP_S)
        else:
            self._notifier.stopping()
        # Inputs read before the stop still get their answer: the person saw the scan beep.
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if not isinstance(item, _SourceEnded):
                self._handle_item(item)
        if self._lookup is not None:
            self._lookup.join(2.0)
        return self.handled

    def _run_source(self, source: InputSource, stop: threading.Event) -> None:
        try:
            source.run(self.submit, stop)
        except RestockError as err:
            log.error("%s stopped: %s", source.name, err)
            self.failed[source.name] = str(err)
        except Exception as err:
            log.exception("%s crashed; the other sources go on", source.name)
            self.failed[source.name] = f"{type(err).__name__}: {err}"
        finally:
            self._queue.put(_SourceEnded(source.name))

    def _handle_item(self, item: SourceInput | _Posted) -> None:
        if isinstance(item, _Posted):
            self._acknowledge(item.outcome)
            if self._feedback is not None:
                self._feedback.give(item.outcome)
            outcomes = [item.outcome]
        else:
            outcomes = self.handle(item)
            for outcome in outcomes:
                self._acknowledge(outcome)
                self.latencies_s.append(self._clock() - item.received_at)
                self._after(outcome)
        if any(outcome.event in VOCABULARY_EVENTS for outcome in outcomes):
            self._share_vocabulary()

    def _share_vocabulary(self) -> None:
        """Tell the sources that decode speech which product names the household uses."""
        listeners = [s for s in self.sources if hasattr(s, "known_names_changed")]
        if not listeners:
            return
        names = self.store.known_names()
        if names != self._shared_names:
            self._shared_names = names
            for source in listeners:
                source.known_names_changed(tuple(names))

    # -- one input -----------------------------------------------------------------------------

    def handle(self, item: SourceInput) -> list[Outcome]:
        """Interpret ``item`` and commit it to the store; the outcomes to acknowledge."""
        self.handled += 1
        if item.kind is InputKind.UTTERANCE:
            outcomes = [
                apply(
                    command, self.store, by=self._by, source=Source.VOICE, source_name=item.source
                )
                for command in self._utterance_commands(item.text)
            ]
            # The transcript rides along so the answer can be read back to the speaker.
            return [replace(outcome, utterance=item.text) for outcome in outcomes]
        else:
            command, self._mode = interpret(
                item.text,
                self._mode,
                self._clock(),
                self._mode_timeout_s,
                item.symbology,
                typed=item.kind is InputKind.TEXT,
            )
            if isinstance(command, ModeCommand) and command.code.action is ModeAction.LISTEN:
                command = self._begin_listening(item.text, command)
            commands = [command] if command is not None else []
            origin = Source.TYPED if isinstance(command, NamedCommand) else Source.SCAN
        return [
            apply(command, self.store, by=self._by, source=origin, source_name=item.source)
            for command in commands
        ]

    def _begin_listening(self, text: str, command: ModeCommand) -> Command:
        """The push-to-talk mode barcode: open the microphones for one sentence."""
        listeners = [s for s in self.sources if hasattr(s, "begin_listening")]
        if not listeners:
            return Refusal(
                text,
                "RESTOCK-LISTEN opens the microphone, but the daemon is not listening to one. "
                'Start it with --source mic, or add "mic" to [daemon] sources.',
            )
        for source in listeners:
            source.begin_listening()
        return command

    def _utterance_commands(self, text: str) -> list[Command]:
        if self._parse_utterance is None:
            return [Refusal(text, "Voice commands need the voice parser (device.voice.intents).")]
        try:
            parsed = self._parse_utterance(text, self._language, self.store.known_names())
        except RestockError as err:
            return [Refusal(text, str(err))]
        return commands_from_utterance(parsed, text)

    def _acknowledge(self, outcome: Outcome) -> None:
        self._report(outcome)
        level = logging.WARNING if outcome.event == "refused" else logging.INFO
        log.log(level, "%s [%s] %s", outcome.event, outcome.source or "-", outcome.message)

    def _after(self, outcome: Outcome) -> None:
        if self._feedback is not None:
            self._feedback.give(outcome)
        if self._lookup is not None and outcome.known is False:
            self._lookup.wake()
