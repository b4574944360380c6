"""Speech to text with Vosk: one model and one recogniser per session, grammar first.

Loading a model takes seconds and a fresh recogniser starts with a cold graph cache (about
4x slower per utterance, shared/voice/BASELINE.md), so a ``SpeechRecognizer`` keeps its
recognisers and ends each utterance with ``FinalResult()``, which resets them for the
next. The grammar recogniser knows only the household's words and ``[unk]``; when it
hears ``[unk]`` (a product it was never told about), the same audio goes through the
free-form recogniser, created on first need.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from device.voice.audio import TARGET_RATE
from device.voice.grammar import UNKNOWN_WORD, grammar_json
from household.errors import VoiceModelMissing

_FEED_BYTES = int(TARGET_RATE * 0.25) * 2
"""0.25 s of 16-bit audio per AcceptWaveform call."""


@dataclass(frozen=True, slots=True)
class Transcript:
    """What was recognised in one utterance."""

    text: str
    """Words heard, lower case, without '[unk]'; empty when nothing was understood."""
    decoder: str
    """'grammar' or 'free': which recogniser produced ``text``."""
    audio_s: float
    decode_s: float
    raw_grammar_text: str = ""
    """What the grammar recogniser said, '[unk]' included (for tests and debugging)."""


def load_vosk_model(model_dir: Path):
    """The Vosk model in ``model_dir``, or VoiceModelMissing naming the folder."""
    import vosk

    vosk.SetLogLevel(-2)  # errors only: Kaldi info and warnings would drown the journal
    try:
        return vosk.Model(str(model_dir))
    except Exception as err:  # vosk raises a bare Exception when Kaldi fails to load
        raise VoiceModelMissing(
            f"Could not load the Vosk model in {model_dir} ({err}). Reinstall it with "
            "restock voice install fr|en, or point RESTOCK_VOSK_MODEL at a complete model."
        ) from err


class SpeechRecognizer:
    """Transcribes 16 kHz mono int16 utterances with one Vosk model, reusing recognisers."""

    def __init__(self, model, vocabulary: Sequence[str] | None = None) -> None:
        """``vocabulary``: the grammar words (with ``[unk]``); None for free-form only."""
        self._model = model
        self._vocabulary = tuple(vocabulary) if vocabulary else ()
        self._grammar_rec = None
        self._free_rec = None
        self.grammar_builds = 0
        """How many grammar recognisers were built (stays 1 per session when reused)."""

    @classmethod
    def from_dir(cls, model_dir: Path, vocabulary: Sequence[str] | None = None):
        """Load the model in ``model_dir``."""
        return cls(load_vosk_model(model_dir), vocabulary)

    @property
    def vocabulary(self) -> tuple[str, ...]:
        """The grammar words in use."""
        return self._vocabulary

    def set_vocabulary(self, vocabulary: Sequence[str]) -> None:
        """Use a new grammar (the household learnt a product) without a new recogniser."""
        self._vocabulary = tuple(vocabulary)
        if self._grammar_rec is not None:
            self._grammar_rec.SetGrammar(grammar_json(self._vocabulary))

    def transcribe(self, chunks: Iterable[bytes]) -> Transcript:
        """The words of one utterance given as 16 kHz mono int16 chunks."""
        pcm = b"".join(chunks)
        audio_s = len(pcm) / (2 * TARGET_RATE)
        started = time.perf_counter()
        raw = ""
        if self._vocabulary:
            raw = _decode(self._grammar(), pcm)
            text = _without_unknown(raw)
            if text and UNKNOWN_WORD not in raw.split():
                return Transcript(text, "grammar", audio_s, time.perf_counter() - started, raw)
        text = _without_unknown(_decode(self._free(), pcm))
        return Transcript(text, "free", audio_s, time.perf_counter() - started, raw)

    def transcribe_grammar(self, chunks: Iterable[bytes]) -> Transcript:
        """The words of one utterance under the grammar only, no fallback (for comparison)."""
        pcm = b"".join(chunks)
        started = time.perf_counter()
        raw = _decode(self._grammar(), pcm)
        audio_s = len(pcm) / (2 * TARGET_RATE)
        elapsed = time.perf_counter() - started
        return Transcript(_without_unknown(raw), "grammar", audio_s, elapsed, raw)

    def transcribe_free(self, chunks: Iterable[bytes]) -> Transcript:
        """The words of one utterance decoded free-form only (for comparison)."""
        pcm = b"".join(chunks)
        started = time.perf_counter()
        text = _without_unknown(_decode(self._free(), pcm))
        return Transcript(text, "free", len(pcm) / (2 * TARGET_RATE), time.perf_counter() - started)

    def _grammar(self):
        if self._grammar_rec is None:
            import vosk

            self._grammar_rec = vosk.KaldiRecognizer(
                self._model, TARGET_RATE, grammar_json(self._vocabulary)
            )
            self.grammar_builds += 1
        return self._grammar_rec

    def _free(self):
        if self._free_rec is None:
            import vosk

            self._free_rec = vosk.KaldiRecognizer(self._model, TARGET_RATE)
        return self._free_rec


def _decode(recognizer, pcm: bytes) -> str:
    """Feed ``pcm`` in 0.25 s steps and return the whole text; resets the recogniser."""
    texts = []
    for start in range(0, len(pcm), _FEED_BYTES):
        if recognizer.AcceptWaveform(pcm[start : start + _FEED_BYTES]):
            texts.append(json.loads(recognizer.Result()).get("text", ""))
    texts.append(json.loads(recognizer.FinalResult()).get("text", ""))
    return " ".join(t for t in texts if t).strip()


def _without_unknown(text: str) -> str:
    return " ".join(word for word in text.split() if word != UNKNOWN_WORD)
