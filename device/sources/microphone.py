"""The microphone source: speech in, transcripts out (``InputKind.UTTERANCE``).

A sounddevice ``RawInputStream`` gives 16 kHz mono int16 when the card can; many USB
microphones only offer 44.1 or 48 kHz, so the source opens the first rate that works and
resamples (``PcmConverter``). A reader thread does the blocking reads and queues the
blocks, so audio keeps flowing while Vosk decodes the previous sentence.

Two modes. ``continuous``: voice-activity detection cuts the stream into utterances.
``push_to_talk``: audio is ignored until ``begin_listening()`` (a key, or the mode
barcode the daemon saw); the utterance ends at ``end_listening()`` (key released), at
the first pause after speech (mode barcode: one sentence), or after a timeout.

The daemon gets its microphone from ``daemon_source``: a ``SessionMicrophone`` that loads
the model of the household language once, in its own thread, and keeps the recogniser's
grammar in step with the household's product names. A ``.wav`` path as the device
replays a recording through the same path (tests, a bug report).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import queue
import threading
import time
import wave
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from device.sources.base import Emit, InputKind, SourceInput
from device.voice.audio import PcmConverter
from device.voice.recognizer import Transcript
from device.voice.vad import FRAME_S, UtteranceSegmenter, VadSettings
from household.errors import ConfigError, MicrophoneUnavailable

if TYPE_CHECKING:
    from device.voice.session import VoiceSession
    from household.config import Config

log = logging.getLogger(__name__)

PREFERRED_RATES = (16000, 48000, 44100, 32000, 22050)
"""16 kHz needs no resampling; the others are what USB and HDA cards usually offer."""
LISTEN_TIMEOUT_S = 8.0
"""Push-to-talk: stop listening when nobody speaks for this long after the trigger."""
MODES = ("push_to_talk", "continuous")
DEFAULT_VAD = VadSettings()
_RELEASE = b"release"
"""Queued by end_listening(), so the release falls between the right audio blocks."""


class Transcriber(Protocol):
    """What the source needs of a recogniser (a SpeechRecognizer, or a session's)."""

    def transcribe(self, chunks: Iterable[bytes]) -> Transcript:
        """The words of one 16 kHz mono int16 utterance."""


class InputStream(Protocol):
    """What the source needs of sounddevice's RawInputStream."""

    samplerate: float

    def start(self) -> None:
        """Begin capturing."""

    def read(self, frames: int) -> tuple[bytes, bool]:
        """Block until ``frames`` frames are captured; (data, overflowed)."""

    def stop(self) -> None:
        """Stop capturing."""

    def close(self) -> None:
        """Release the device."""


def open_microphone(device: str | None = None) -> InputStream:
    """Open the microphone at the first rate it supports, mono int16."""
    import sounddevice as sd

    chosen: int | str | None = int(device) if device and device.isdigit() else device
    problems = []
    for rate in PREFERRED_RATES:
        try:
            sd.check_input_settings(device=chosen, channels=1, dtype="int16", samplerate=rate)
            return sd.RawInputStream(
                samplerate=rate,
                blocksize=int(rate * FRAME_S),
                device=chosen,
                channels=1,
                dtype="int16",
            )
        except (sd.PortAudioError, ValueError) as err:
            problems.append(str(err))
    inputs = [d["name"] for d in sd.query_devices() if d.get("max_input_channels", 0) > 0]
    listed = ", ".join(repr(name) for name in inputs) or "none"
    raise MicrophoneUnavailable(
        f"No usable microphone{f' {device!r}' if device else ''} ({problems[0]}). "
        f"Input devices found: {listed}. Plug one in, set [voice] device to one of them, "
        "or take 'mic' out of [daemon] sources."
    )


class WavInputStream:
    """A WAV recording played as if it were a microphone (tests, replaying a bug report)."""

    def __init__(self, path: Path, realtime: bool = False) -> None:
        self._wav = wave.open(str(path), "rb")  # noqa: SIM115 (open as long as the stream)
        if self._wav.getnchannels() != 1 or self._wav.getsampwidth() != 2:
            raise MicrophoneUnavailable(f"{path} must be mono 16-bit PCM to stand for a mic.")
        self.samplerate = float(self._wav.getframerate())
        self._realtime = realtime

    def start(self) -> None:
        """Nothing to start: the file is there."""

    def read(self, frames: int) -> tuple[bytes, bool]:
        """The next ``frames`` frames; empty at the end of the recording."""
        data = self._wav.readframes(frames)
        if self._realtime:
            time.sleep(frames / self.samplerate)
        return data, False

    def stop(self) -> None:
        """Nothing to stop."""

    def close(self) -> None:
        """Close the file."""
        self._wav.close()


class MicrophoneSource:
    """Emits what is said into a microphone as utterance inputs."""

    def __init__(
        self,
        recognizer: Transcriber,
        open_stream: Callable[[], InputStream],
        *,
        mode: str = "push_to_talk",
        vad: VadSettings = DEFAULT_VAD,
        name: str = "mic",
        clock: Callable[[], float] = time.monotonic,
        listen_timeout_s: float = LISTEN_TIMEOUT_S,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.name = name
        self._recognizer = recognizer
        self._open_stream = open_stream
        self._mode = mode
        self._vad = vad
        self._clock = clock
        self._listen_timeout_s = listen_timeout_s
        self._listening = threading.Event()
        self._released = threading.Event()
        self._listen_started = 0.0
        self._blocks: queue.Queue | None = None

    def begin_listening(self) -> None:
        """Push-to-talk: start listening (key pressed, or the voice mode barcode scanned)."""
        self._released.clear()
        self._listen_started = self._clock()
        self._listening.set()

    def end_listening(self) -> None:
        """Push-to-talk: the key was released; what was said so far is one utterance."""
        blocks = self._blocks
        if blocks is None:
            self._released.set()
        else:
            # The reader may be ahead of the decoder: audio read before this belongs in.
            blocks.put(_RELEASE)

    def run(self, emit: Emit, stop: threading.Event) -> None:
        """Capture and transcribe until ``stop`` is set or the stream ends."""
        stream = self._open_stream()
        converter = PcmConverter(int(stream.samplerate), 1, 2)
        blocks: queue.Queue[bytes | None] = queue.Queue(maxsize=1000)
        self._blocks = blocks
        # Our own stop for the reader: the daemon's event is shared with other sources.
        reader_stop = threading.Event()
        reader = threading.Thread(
            target=_read_blocks,
            args=(stream, int(stream.samplerate * FRAME_S), blocks, stop, reader_stop),
            name=f"{self.name}-reader",
            daemon=True,
        )
        segmenter = UtteranceSegmenter(self._vad)
        held: list[bytes] = []
        stream.start()
        reader.start()
        try:
            while not stop.is_set():
                try:
                    block = blocks.get(timeout=0.1)
                except queue.Empty:
                    self._after_block(b"", segmenter, held, emit)  # push-to-talk timeout
                    continue
                if block is None:
                    break
                if block is _RELEASE:
                    self._released.set()
                    self._after_block(b"", segmenter, held, emit)
                    continue
                self._after_block(converter.convert(block), segmenter, held, emit)
            self._after_block(converter.flush(), segmenter, held, emit)
            self._finish(segmenter, held, emit, end_of_stream=True)
        finally:
            self._blocks = None
            reader_stop.set()
            stream.stop()
            reader.join(timeout=1.0)
            stream.close()

    def _after_block(
        self, pcm: bytes, segmenter: UtteranceSegmenter, held: list[bytes], emit: Emit
    ) -> None:
        if self._mode == "continuous":
            for utterance in segmenter.feed(pcm):
                self._transcribe(utterance, emit)
            return
        if not self._listening.is_set():
            segmenter.feed(pcm)  # keeps learning the noise floor; what it hears is dropped
            segmenter.flush()
            return
        held.append(pcm)
        ended = segmenter.feed(pcm)
        timed_out = (
            not segmenter.in_utterance
            and self._clock() - self._listen_started > self._listen_timeout_s
        )
        if ended:
            self._transcribe(b"".join(held), emit)  # a pause after the sentence
            self._stop_listening(segmenter, held)
        elif self._released.is_set():
            self._finish(segmenter, held, emit, end_of_stream=False)
        elif timed_out:
            self._stop_listening(segmenter, held)

    def _finish(
        self, segmenter: UtteranceSegmenter, held: list[bytes], emit: Emit, end_of_stream: bool
    ) -> None:
        """Key released, or the stream ended: what was said is one utterance."""
        if self._mode == "continuous":
            tail = segmenter.flush()
            if tail:
                self._transcribe(tail, emit)
            return
        if self._listening.is_set() and held:
            self._transcribe(b"".join(held), emit)
        if self._listening.is_set() or end_of_stream:
            self._stop_listening(segmenter, held)

    def _stop_listening(self, segmenter: UtteranceSegmenter, held: list[bytes]) -> None:
        self._listening.clear()
        self._released.clear()
        segmenter.flush()
        held.clear()

    def _transcribe(self, pcm: bytes, emit: Emit) -> None:
        said_at = self._clock()  # the input was complete before decoding began
        transcript = self._recognizer.transcribe([pcm])
        if transcript.text:
            emit(SourceInput(transcript.text, InputKind.UTTERANCE, self.name, said_at))


def _read_blocks(
    stream: InputStream,
    frames: int,
    blocks: queue.Queue,
    stop: threading.Event,
    reader_stop: threading.Event,
) -> None:
    """Blocking reads, off the decoding thread; None marks the end of the stream."""
    try:
        while not (stop.is_set() or reader_stop.is_set()):
            data, _overflowed = stream.read(frames)
            data = bytes(data)
            if not data:
                break
            blocks.put(data)
    finally:
        with contextlib.suppress(queue.Full):
            blocks.put(None, timeout=1.0)


class SessionMicrophone:
    """The daemon's microphone: one voice session for the daemon's life, grammar kept current.

    The model loads in this source's own thread: it takes seconds, and a missing model must
    stop only the microphone (VoiceModelMissing, logged by the daemon), never the scanners.
    The daemon reports the household's product names through ``known_names_changed``; the
    decoding thread swaps the recogniser's grammar before the next utterance (Vosk's
    SetGrammar: no new recogniser, no model reload).
    """

    def __init__(
        self,
        open_session: Callable[[Sequence[str]], VoiceSession],
        open_stream: Callable[[], InputStream],
        *,
        mode: str = "continuous",
        vad: VadSettings = DEFAULT_VAD,
        name: str = "mic",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.session: VoiceSession | None = None
        """The loaded model and recogniser, once ``run`` opened it."""
        self._open_session = open_session
        self._lock = threading.Lock()
        self._known_names: tuple[str, ...] = ()
        self._names_changed = False
        self._microphone = MicrophoneSource(
            self, open_stream, mode=mode, vad=vad, name=name, clock=clock
        )
        self.talk_key = None
        """A ``TalkKey`` (device/voice/talk_key.py) followed while the microphone runs."""

    def known_names_changed(self, names: Sequence[str]) -> None:
        """The household's product names changed (called from the daemon's thread)."""
        with self._lock:
            self._known_names = tuple(names)
            self._names_changed = True

    def begin_listening(self) -> None:
        """Push-to-talk: the RESTOCK-LISTEN mode barcode was scanned."""
        self._microphone.begin_listening()

    def end_listening(self) -> None:
        """Push-to-talk: the talk key was released."""
        self._microphone.end_listening()

    def run(self, emit: Emit, stop: threading.Event) -> None:
        """Load the model with the names known so far, then transcribe until ``stop``."""
        with self._lock:
            names, self._names_changed = self._known_names, False
        self.session = self._open_session(names)
        log.info(
            "%s: %s model loaded from %s", self.name, self.session.lang, self.session.model_dir
        )
        key_stop = threading.Event()
        if self.talk_key is not None:
            threading.Thread(
                target=self.talk_key.run, args=(key_stop,), name=f"{self.name}-key", daemon=True
            ).start()
        try:
            self._microphone.run(emit, stop)
        finally:
            key_stop.set()

    def transcribe(self, chunks: Iterable[bytes]) -> Transcript:
        """The decoding thread's recogniser call, on the latest grammar."""
        session = self.session
        if session is None:
            raise RuntimeError("transcribe() before run() opened the voice session")
        with self._lock:
            names, changed, self._names_changed = self._known_names, self._names_changed, False
        if changed:
            session.refresh_vocabulary(names)
        return session.recognizer.transcribe(chunks)


def open_input(device: str | None) -> InputStream:
    """The microphone named ``device``; a path ending in .wav replays that recording."""
    if device is None or not device.lower().endswith(".wav"):
        return open_microphone(device)
    path = Path(device).expanduser()
    try:
        return WavInputStream(path)
    except (OSError, wave.Error, EOFError) as err:
        raise MicrophoneUnavailable(
            f"Cannot replay {path} as the microphone ({err}). Give a mono 16-bit WAV file, "
            "or a microphone's name or index under [voice] device."
        ) from err


def daemon_source(config: Config, environ: Mapping[str, str], device: str | None):
    """The daemon's microphone, from the [voice] settings and the household language.

    The model is looked for (configuration, RESTOCK_VOSK_MODEL, the data directory) when
    the source starts; without one it stops with the ``restock voice install`` advice.
    """
    from device.voice.models import parse_voice_settings
    from device.voice.session import open_voice_session
    from household.paths import default_data_dir

    settings = parse_voice_settings(config.sections.get("voice"), _where(config))
    lang = config.household.language
    chosen = device or settings.device
    vad = DEFAULT_VAD
    if settings.vad_margin_db is not None:
        vad = dataclasses.replace(vad, margin_db=settings.vad_margin_db)

    def open_session(known_names: Sequence[str]) -> VoiceSession:
        data_dir = default_data_dir(environ)
        return open_voice_session(lang, config, environ, data_dir, known_names)

    microphone = SessionMicrophone(
        open_session,
        lambda: open_input(chosen),
        mode=settings.mode,
        vad=vad,
        name=f"mic:{Path(chosen).name if chosen else 'default'}",
    )
    if settings.push_to_talk_key and settings.push_to_talk_device:
        from device.voice.talk_key import TalkKey, key_code

        if settings.mode != "push_to_talk":
            raise ConfigError(
                f'voice.push_to_talk_key{_where(config)} needs voice.mode = "push_to_talk" '
                "(in continuous mode the microphone is always open)."
            )
        code = key_code(settings.push_to_talk_key, _where(config))
        microphone.talk_key = TalkKey(settings.push_to_talk_device, code, microphone)
    return microphone


def _where(config: Config) -> str:
    return f" in {config.path}" if config.path else ""
