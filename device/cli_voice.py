"""The voice commands: ``restock parse``, ``restock hear`` and ``restock voice install``.

``parse`` is pure understanding (no model needed); ``hear`` recognises WAV files with the
installed Vosk model and parses what it heard; ``voice install`` fetches a model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from device.voice.intents import LANGUAGES, ParsedUtterance, SpokenItem, parse_utterance
from household.cli import AppContext
from household.paths import default_data_dir
from household.units import format_quantity

pass_app = click.make_pass_decorator(AppContext)
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="Language spoken (default: [household] language in the configuration, else fr).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")


def utterance_to_json(parsed: ParsedUtterance) -> dict:
    """The JSON shape of a parse: {"action": ..., "items": [{"name", "quantity", "unit"}]}."""
    result = {"action": parsed.action.value, "items": [_item_to_json(i) for i in parsed.items]}
    if parsed.action.value == "unknown" and parsed.reason:
        result["reason"] = parsed.reason
    return result


def _item_to_json(item: SpokenItem) -> dict:
    quantity = item.quantity
    if quantity is not None and float(quantity).is_integer():
        quantity = int(quantity)
    return {"name": item.name, "quantity": quantity, "unit": item.unit}


def describe(parsed: ParsedUtterance) -> str:
    """One line for people: 'add: lait (2 l), bananes (3)'."""
    if not parsed.items:
        if parsed.action.value != "unknown":
            return parsed.action.value
        return f"not understood: {parsed.reason}" if parsed.reason else "not understood"
    parts = []
    for item in parsed.items:
        amount = ""
        if item.quantity is not None:
            amount = format_quantity(item.quantity) + (f" {item.unit}" if item.unit else "")
        elif item.unit:
            amount = item.unit
        name = item.name or "(the last item)"
        parts.append(f"{name} ({amount})" if amount else name)
    return f"{parsed.action.value}: {', '.join(parts)}"


def _language(app: AppContext, lang: str | None) -> str:
    return lang or app.config().household.language


def _known_names(app: AppContext) -> list[str]:
    """The household's product names, when there is a household database (never creates one)."""
    if not app.db_path.exists():
        return []
    return app.store().known_names()


@click.command()
@click.argument("text", nargs=-1)
@lang_option
@json_option
@pass_app
def parse(app: AppContext, text: tuple[str, ...], lang: str | None, as_json: bool) -> None:
    """Show what a dictated sentence means; without TEXT, one sentence per stdin line."""
    language = _language(app, lang)
    known = _known_names(app)
    lines = [" ".join(text)] if text else (line.rstrip("\n") for line in sys.stdin)
    for line in lines:
        parsed = parse_utterance(line, language, known)
        if as_json:
            click.echo(json.dumps(utterance_to_json(parsed), ensure_ascii=False))
        else:
            click.echo(describe(parsed))


@click.command()
@click.argument("wavs", nargs=-1, required=True, type=click.Path(path_type=Path))
@lang_option
@json_option
@click.option("--free", is_flag=True, help="Free-form decoding only (no household grammar).")
@pass_app
def hear(app: AppContext, wavs: tuple[Path, ...], lang: str | None, as_json: bool, free: bool):
    """Recognise WAV files (any rate) and show the transcript and what it means."""
    from device.voice.audio import stream_wav
    from device.voice.session import open_voice_session

    language = _language(app, lang)
    known = _known_names(app)
    session = open_voice_session(
        language, app.config(), app.environ, default_data_dir(app.environ), known, grammar=not free
    )
    for wav in wavs:
        transcript = session.recognizer.transcribe(stream_wav(wav))
        parsed = parse_utterance(transcript.text, language, known)
        if as_json:
            record = {"file": str(wav), "transcript": transcript.text}
            record |= {"decoder": transcript.decoder, **utterance_to_json(parsed)}
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(f"{wav}: «{transcript.text}» -> {describe(parsed)}")


@click.group()
def voice() -> None:
    """Manage the offline speech models."""


@voice.command()
@click.argument("lang", type=click.Choice(LANGUAGES))
@click.option(
    "--from",
    "url",
    metavar="URL",
    help="Download the zip from this mirror instead (the checksums still apply).",
)
@pass_app
def install(app: AppContext, lang: str, url: str | None) -> None:
    """Download the official small Vosk model of LANG, verify it and install it."""
    from dataclasses import replace

    import requests
    from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn

    from device.voice.install import OFFICIAL_MODELS, install_model

    source = OFFICIAL_MODELS[lang]
    if url:
        source = replace(source, url=url)
    with (
        requests.Session() as http,
        Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=app.console,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task(f"{source.name}", total=None)

        def report(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        target = install_model(source, default_data_dir(app.environ), http, report)
    click.echo(f"Installed {source.name} in {target} (checksums verified).")


@voice.command()
@pass_app
def status(app: AppContext) -> None:
    """Show which speech model each language would use."""
    from device.voice.models import find_model_dir, parse_voice_settings
    from household.errors import VoiceModelMissing

    config = app.config()
    settings = parse_voice_settings(config.sections.get("voice"), f" in {config.path}")
    for lang in LANGUAGES:
        try:
            where = find_model_dir(lang, settings, app.environ, default_data_dir(app.environ))
            click.echo(f"{lang}: {where}")
        except VoiceModelMissing as err:
            click.echo(f"{lang}: {err}")
