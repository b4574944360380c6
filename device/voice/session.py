"""One voice session: the model found and loaded once, with the household's grammar.

The daemon and ``restock hear`` open one session and keep it: the model load (seconds)
and the recognisers (warm graph caches) are reused for every utterance. When the
household learns a product, ``refresh_vocabulary`` swaps the grammar in place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from device.voice.grammar import build_vocabulary
from device.voice.models import find_model_dir, parse_voice_settings
from device.voice.recognizer import SpeechRecognizer
from household.config import Config


@dataclass
class VoiceSession:
    """A loaded model and its recogniser for one language."""

    lang: str
    model_dir: Path
    recognizer: SpeechRecognizer
    known_names: tuple[str, ...] = ()

    def refresh_vocabulary(self, known_names: Sequence[str]) -> None:
        """Decode against these product names from now on (no-op when unchanged)."""
        names = tuple(known_names)
        if names != self.known_names and self.recognizer.vocabulary:
            self.recognizer.set_vocabulary(build_vocabulary(self.lang, names))
        self.known_names = names


def open_voice_session(
    lang: str,
    config: Config,
    environ: Mapping[str, str],
    data_dir: Path,
    known_names: Sequence[str] = (),
    *,
    grammar: bool = True,
) -> VoiceSession:
    """Find and load the model of ``lang`` (VoiceModelMissing says how to install one)."""
    settings = parse_voice_settings(config.sections.get("voice"), _where(config))
    model_dir = find_model_dir(lang, settings, environ, data_dir)
    use_grammar = grammar and settings.grammar
    vocabulary = build_vocabulary(lang, known_names) if use_grammar else None
    recognizer = SpeechRecognizer.from_dir(model_dir, vocabulary)
    return VoiceSession(lang, model_dir, recognizer, tuple(known_names))


def _where(config: Config) -> str:
    return f" in {config.path}" if config.path else ""
