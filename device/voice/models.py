"""Where the Vosk model of a language is: configuration, environment, then the data dir.

    [voice]
    model = "/opt/vosk/vosk-model-small-fr-0.22"     # one model, for the household language
    # or one per language:
    # model = { fr = "/opt/vosk/fr", en = "/opt/vosk/en" }
    mode = "continuous"          # or "push_to_talk": scan RESTOCK-LISTEN, then speak
    device = "USB"               # the microphone: a name part or an index (or a WAV to replay)
    vad_threshold = 12           # dB above the room's noise that counts as speech
    push_to_talk_key = "KEY_F13"            # hold a key (a foot pedal) to talk; see talk_key.py
    push_to_talk_device = "Foot Switch"     # the device sending it: name part, VID:PID, path

Then ``RESTOCK_VOSK_MODEL``, then ``<data dir>/vosk/<lang>`` where ``restock voice install``
puts the official small model. Without any, voice is off and the error says how to install.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from household.errors import ConfigError, VoiceModelMissing

LANGUAGES = ("fr", "en")
ENV_MODEL = "RESTOCK_VOSK_MODEL"
_LANGUAGE_NAMES = {"fr": "French", "en": "English"}
_ALLOWED_KEYS = {"model", "device", "mode", "push_to_talk_key", "push_to_talk_device",
                 "vad_threshold", "grammar"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class VoiceSettings:
    """The ``[voice]`` section."""

    models: Mapping[str, Path] = field(default_factory=dict)
    """A model directory per language; the key '*' is for whatever language is asked."""
    device: str | None = None
    """The microphone (a sounddevice name part or index); None: the default input."""
    mode: str = "continuous"
    """'continuous' (voice-activity detection finds each sentence) or 'push_to_talk' (the
    RESTOCK-LISTEN mode barcode opens the microphone for one sentence, a held key while
    it is down)."""
    grammar: bool = True
    """Decode against the household vocabulary first (faster, fewer wrong words)."""
    vad_margin_db: float | None = None
    """How far above the noise floor speech must be; None: the segmenter's default."""
    push_to_talk_key: str | None = None
    """The evdev name of a key held to talk ('KEY_F13'), on ``push_to_talk_device``."""
    push_to_talk_device: str | None = None
    """The input device with that key: a name part, VID:PID or /dev/input/by-id path."""


def parse_voice_settings(raw: Any, where: str = "") -> VoiceSettings:
    """The [voice] table as settings, or a ConfigError naming the key and the fix."""
    if raw is None:
        return VoiceSettings()
    if not isinstance(raw, Mapping):
        raise ConfigError(f"[voice]{where} must be a table, e.g. [voice] model = '/path'.")
    for key in raw:
        if key not in _ALLOWED_KEYS:
            allowed = ", ".join(sorted(_ALLOWED_KEYS))
            raise ConfigError(f"Unknown key voice.{key}{where}. Allowed: {allowed}.")
    model = raw.get("model")
    models: dict[str, Path] = {}
    if isinstance(model, str) and model.strip():
        models["*"] = Path(model).expanduser()
    elif isinstance(model, Mapping):
        for lang, path in model.items():
            if lang not in LANGUAGES or not isinstance(path, str):
                raise ConfigError(
                    f"voice.model.{lang}{where} must be a path and the key 'fr' or 'en', "
                    "e.g. model = { fr = '/opt/vosk/fr' }."
                )
            models[lang] = Path(path).expanduser()
    elif model is not None:
        raise ConfigError(f"voice.model{where} must be the path of an unpacked Vosk model.")
    mode = raw.get("mode", "continuous")
    if mode not in ("push_to_talk", "continuous"):
        raise ConfigError(f'voice.mode{where} is {mode!r}; use "push_to_talk" or "continuous".')
    device = raw.get("device")
    grammar = raw.get("grammar", True)
    if not isinstance(grammar, bool):
        raise ConfigError(f"voice.grammar{where} must be true or false.")
    margin = raw.get("vad_threshold")
    if margin is not None and (
        isinstance(margin, bool) or not isinstance(margin, int | float) or margin <= 0
    ):
        raise ConfigError(
            f"voice.vad_threshold{where} must be a positive number of dB above the room's "
            "noise, e.g. vad_threshold = 12 (higher: a noisy kitchen)."
        )
    return VoiceSettings(
        models=models,
        device=None if device is None else str(device),
        mode=mode,
        grammar=grammar,
        vad_margin_db=None if margin is None else float(margin),
        **_talk_key(raw, where),
    )


def _talk_key(raw: Mapping[str, Any], where: str) -> dict[str, str]:
    key, device = raw.get("push_to_talk_key"), raw.get("push_to_talk_device")
    if key is None and device is None:
        return {}
    if not (isinstance(key, str) and key.strip() and isinstance(device, str) and device.strip()):
        raise ConfigError(
            f"voice.push_to_talk_key and voice.push_to_talk_device{where} go together: the "
            'key held to talk and the device that sends it, e.g. push_to_talk_key = "KEY_F13" '
            'and push_to_talk_device = "Foot Switch" (a name part, VID:PID or by-id path).'
        )
    return {"push_to_talk_key": key.strip(), "push_to_talk_device": device.strip()}


def is_model_dir(path: Path) -> bool:
    """Whether ``path`` looks like an unpacked Vosk model (acoustic model and config)."""
    return (path / "am" / "final.mdl").is_file() and (path / "conf").is_dir()


def find_model_dir(
    lang: str, settings: VoiceSettings, environ: Mapping[str, str], data_dir: Path
) -> Path:
    """The model directory for ``lang``, or VoiceModelMissing saying how to get one."""
    configured = settings.models.get(lang) or settings.models.get("*")
    if configured is not None:
        if not is_model_dir(configured):
            raise VoiceModelMissing(
                f"voice.model in the configuration points at {configured}, which is not an "
                f"unpacked Vosk model (no am/final.mdl). Fix the path, or run: "
                f"restock voice install {lang}"
            )
        return configured
    from_env = environ.get(ENV_MODEL)
    if from_env:
        path = Path(from_env).expanduser()
        if not is_model_dir(path):
            raise VoiceModelMissing(
                f"{ENV_MODEL} points at {path}, which is not an unpacked Vosk model (no "
                f"am/final.mdl). Fix it, unset it, or run: restock voice install {lang}"
            )
        return path
    installed = installed_model_dir(data_dir, lang)
    if is_model_dir(installed):
        return installed
    raise VoiceModelMissing(
        f"No {_LANGUAGE_NAMES.get(lang, lang)} voice model is installed, so voice is off. "
        f"Install one with: restock voice install {lang} (about 40 MB), or set "
        f"{ENV_MODEL} or [voice] model to an unpacked Vosk model."
    )


def installed_model_dir(data_dir: Path, lang: str) -> Path:
    """Where ``restock voice install`` puts the model of ``lang``."""
    return data_dir / "vosk" / lang
