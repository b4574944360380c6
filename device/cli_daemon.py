"""``restock daemon`` and ``restock mode-codes``: wiring of the kitchen device.

``restock daemon`` reads the configured sources until they end (standard input) or
SIGTERM, and acknowledges every input: a JSON event per line with ``--json`` (for
scripts and systemd's journal), else a live list on a terminal, else plain lines. SIGHUP
(``systemctl reload restock``) reads the configuration again and reopens the sources; a
configuration that does not parse is refused with its error and the running one kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import json
import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import click

from device.commands import Outcome
from device.daemon import Daemon, voice_parser
from device.daemon_settings import SOURCE_NAMES, DaemonSettings, parse_daemon_settings
from device.keymap import LAYOUTS
from device.sd_notify import Notifier
from household.cli import AppContext
from household.errors import DeviceError, RestockError, UsageError

log = logging.getLogger("device")

LAZY_SOURCES: Mapping[str, str] = {
    "camera": "device.sources.camera",
    "mic": "device.sources.microphone",
}
"""Sources written elsewhere, imported only when asked for (OpenCV, Vosk are heavy). Each
module offers ``daemon_source(config, environ, device)`` returning an InputSource; the
camera also works through its ``CameraSource(device)``."""


@click.command()
@click.option(
    "--source",
    "-s",
    "sources",
    multiple=True,
    type=click.Choice(SOURCE_NAMES),
    help="Where inputs come from (repeat for several). Default: [daemon] sources, else stdin.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON event per input.")
@click.option("--by", "member", help="Who the additions are credited to.")
@click.option("--hid-device", help="HID scanner: a name part, VID:PID or /dev/input/by-id path.")
@click.option(
    "--layout",
    type=click.Choice(list(LAYOUTS)),
    help="Keyboard layout the HID scanner imitates (tried first; GTINs are detected).",
)
@click.option("--no-grab", is_flag=True, help="Do not take the HID scanner for restock alone.")
@click.option("--prefix", help="Prefix the scanner sends before each code (removed).")
@click.option("--suffix", help="Suffix the scanner sends after each code (removed).")
@click.option("--serial-port", help="Serial scanner port, e.g. /dev/serial/by-id/usb-...")
@click.option("--baudrate", type=int, help="Serial speed (CDC-ACM scanners ignore it).")
@click.option("--camera-device", help="Camera index, /dev/video path or a video file.")
@click.option("--mic-device", help="Microphone: a name part or an index (a .wav file replays it).")
@click.option("--mode-timeout", type=float, help="Seconds before a mode falls back to adding.")
@click.option("--no-lookup", is_flag=True, help="Never look products up over the network.")
@click.option("--sound/--no-sound", default=None, help="Play a tone per outcome.")
@click.option("--speak", is_flag=True, default=None, help="Say the product added (espeak-ng).")
@click.option("--verbose", "-v", is_flag=True, help="Log every input on standard error.")
@click.option("--list-devices", is_flag=True, help="List input devices (to find the scanner).")
@click.pass_obj
def daemon(app: AppContext, sources, as_json, member, verbose, list_devices, **options) -> None:
    """Turn scans (and speech) into list items until input ends or SIGTERM."""
    if list_devices:
        _print_devices(app)
        return
    config = app.config()
    settings = _with_options(parse_daemon_settings(config.sections, config.path), sources, options)
    _configure_logging(verbose, as_json, app.environ)
    stop, reloading, terminating = threading.Event(), threading.Event(), threading.Event()

    def on_signal(signum, _frame) -> None:
        (reloading if signum == signal.SIGHUP else terminating).set()
        stop.set()

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, on_signal)
    while True:
        runner = _run(app, config, settings, as_json, member, options, stop, reloading)
        if terminating.is_set() or not reloading.is_set():
            break
        reloading.clear()
        stop.clear()
        if terminating.is_set():  # a SIGTERM between the check and the clear still stops
            stop.set()
        try:
            config = app.read_config()
            settings = _with_options(
                parse_daemon_settings(config.sections, config.path), sources, options
            )
        except RestockError as err:
            log.error("Reload refused, the running configuration is kept: %s", err)
            config = app.config()
        else:
            app.use_config(config)
            log.info("Configuration reloaded from %s", config.path or "the defaults")
    if runner.sources and len(runner.failed) == len(runner.sources):
        # Nothing could be read at all: say so with a failing status, so that systemd
        # restarts the service and the journal shows why.
        reasons = "; ".join(f"{name}: {why}" for name, why in runner.failed.items())
        raise DeviceError(f"No input source could run ({reasons}).")


def _run(app, config, settings, as_json, member, options, stop, reloading) -> Daemon:
    """One run of the daemon with these settings, until ``stop``; the Daemon that ran."""
    store = app.store()
    by = member or app.member
    built = [
        _build_source(name, settings, config, app.environ, options) for name in settings.sources
    ]
    feedback = _feedback(settings, app)
    lookup = None
    if not options["no_lookup"] and settings.product_source:
        # The worker's results are acknowledged by the daemon's main loop (runner.post).
        lookup = _lookup_worker(settings, config, app.db_path, lambda o: runner.post(o))
    with _reporter(as_json, app, store, settings) as report:
        runner = Daemon(
            store,
            built,
            report,
            by=by,
            language=config.household.language,
            mode_timeout_s=settings.mode_timeout_s,
            feedback=feedback,
            lookup=lookup,
            notifier=Notifier(app.environ),
            parse_utterance=voice_parser() if "mic" in settings.sources else None,
        )
        with _no_echo("stdin" in settings.sources and not as_json):
            runner.run(stop, reloading=reloading)
    if feedback is not None:
        feedback.close()
    return runner


@click.command("mode-codes")
@click.argument(
    "output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("restock-mode-codes.pdf"),
)
@click.option(
    "--mode-timeout",
    type=float,
    default=60.0,
    show_default=True,
    help="The timeout printed on the sheet (match the daemon's).",
)
@click.pass_obj
def mode_codes(app: AppContext, output: Path, mode_timeout: float) -> None:
    """Write the printable sheet of mode barcodes (OUTPUT .pdf or .png)."""
    from device.mode_codes import write_sheet

    path = write_sheet(output, timeout_s=mode_timeout)
    app.console.print(f"Wrote {path}: print it at 100% scale and keep it by the scanner.")


def _print_devices(app: AppContext) -> None:
    from device.sources.hid import list_input_devices, udev_rule_for

    devices = list_input_devices()
    if not devices:
        app.console.print(
            "No input device readable by this user. Plug the scanner in; as root, or after "
            "installing systemd/70-restock.rules, run this again."
        )
        return
    for device in devices:
        kind = "keys" if device.keyboard else "no digit keys"
        app.console.print(
            f"{device.path}  {device.name}  {device.vendor:04x}:{device.product:04x}  "
            f"({kind}{', ' + device.phys if device.phys else ''})",
            markup=False,
            highlight=False,
        )
    scanner = next((d for d in devices if d.keyboard), devices[0])
    app.console.print(
        "\nudev rule for the first one with keys (edit it if that is not the scanner):"
    )
    app.console.print(udev_rule_for(scanner), markup=False, highlight=False, soft_wrap=True)


def _with_options(settings: DaemonSettings, sources, options) -> DaemonSettings:
    changes = {
        "sources": tuple(dict.fromkeys(sources)) or None,
        "scanner_device": options["hid_device"],
        "layout": options["layout"],
        "grab": False if options["no_grab"] else None,
        "prefix": options["prefix"],
        "suffix": options["suffix"],
        "serial_port": options["serial_port"],
        "baudrate": options["baudrate"],
        "mode_timeout_s": options["mode_timeout"],
        "sound": options["sound"],
        "speak": options["speak"],
    }
    return dataclasses.replace(settings, **{k: v for k, v in changes.items() if v is not None})


def _build_source(name: str, settings: DaemonSettings, config, environ, options):
    if name == "stdin":
        from device.sources.stdin import StdinSource

        return StdinSource()
    if name == "hid":
        from device.scan_framing import FramingSettings
        from device.sources.hid import HidSource

        if not settings.scanner_device:
            raise UsageError(
                "--source hid needs the scanner: --hid-device NAME|VID:PID|/dev/input/by-id/..., "
                "or device = ... under [scanner] in the configuration."
            )
        framing = FramingSettings(
            gap_timeout_s=settings.gap_timeout_s,
            prefix=settings.prefix,
            suffix=settings.suffix,
            require_machine=settings.require_machine,
        )
        return HidSource(settings.scanner_device, settings.layout, framing, grab=settings.grab)
    if name == "serial":
        from device.sources.serial import SerialSource

        if not settings.serial_port:
            raise UsageError(
                "--source serial needs the port: --serial-port /dev/serial/by-id/..., "
                "or port = ... under [serial] in the configuration."
            )
        return SerialSource(settings.serial_port, settings.baudrate)
    device = options["camera_device"] if name == "camera" else options["mic_device"]
    return _lazy_source(name, config, environ, device)


def _lazy_source(name: str, config, environ: Mapping[str, str], device: str | None):
    try:
        module = importlib.import_module(LAZY_SOURCES[name])
    except ImportError as err:
        raise DeviceError(
            f"The {name} source is not available in this installation ({err}). "
            f"Install restock with its {name} support, or drop --source {name}."
        ) from err
    if hasattr(module, "daemon_source"):
        return module.daemon_source(config, environ, device)
    if name == "camera":
        target = device if device is not None else "0"
        return module.CameraSource(int(target) if target.isdigit() else target)
    raise DeviceError(
        f"This version of restock cannot start the {name} source from the daemon yet "
        f"({LAZY_SOURCES[name]} has no daemon_source()). Drop --source {name}."
    )


def _lookup_worker(settings: DaemonSettings, config, db_path: Path, post: Callable):
    import requests

    from device.lookup_worker import LookupWorker
    from retailer_adapters.registry import AdapterContext, load_product_sources
    from retailer_adapters.settings import parse_adapter_settings

    try:
        context = AdapterContext(parse_adapter_settings(config), requests.Session(), db_path)
        source = load_product_sources(context, (settings.product_source,))[0]
    except RestockError as err:
        log.warning("product lookups are off: %s", err)
        return None
    return LookupWorker(db_path, source, post)


def _feedback(settings: DaemonSettings, app: AppContext):
    from device.feedback import Feedback, audio_output_present, default_player

    if not settings.sound and not settings.speak:
        return None
    player = default_player(settings.audio_device) if audio_output_present(app.environ) else None
    cache = Path(app.environ.get("CACHE_DIRECTORY") or app.db_path.parent / "cache") / "tones"
    try:
        return Feedback(
            cache,
            player=player,
            speak_language=app.config().household.language if settings.speak else None,
        )
    except OSError as err:
        log.warning("feedback is off: cannot write the tones to %s (%s)", cache, err)
        return None


@contextlib.contextmanager
def _reporter(as_json: bool, app: AppContext, store, settings) -> Iterator[Callable]:
    if as_json:

        def report_json(outcome: Outcome) -> None:
            sys.stdout.write(json.dumps(outcome.to_event(), ensure_ascii=False) + "\n")
            sys.stdout.flush()

        yield report_json
    elif sys.stdout.isatty():
        from device.live_view import live_list

        with live_list(app.console, store, settings.sources) as report_live:
            yield report_live
    else:

        def report_line(outcome: Outcome) -> None:
            click.echo(f"{outcome.event}: {outcome.message}")

        yield report_line


@contextlib.contextmanager
def _no_echo(wanted: bool) -> Iterator[None]:
    """Keep a scanner's keystrokes off the live view (the line still arrives on Enter)."""
    if not wanted or not sys.stdin.isatty():
        yield
        return
    import termios

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    quiet = list(saved)
    quiet[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


_JOURNAL_PRIORITY = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3}


class _JournalFormatter(logging.Formatter):
    """journald reads a '<N>' prefix as the line's priority."""

    def format(self, record: logging.LogRecord) -> str:
        """The message with its syslog priority in front."""
        priority = _JOURNAL_PRIORITY.get(record.levelno, 3)
        return f"<{priority}>{super().format(record)}"


class _CurrentStderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time, so that under the live view
    (which swaps in a proxy) a log line prints above the table instead of tearing it."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _configure_logging(verbose: bool, as_json: bool, environ: Mapping[str, str]) -> None:
    handler = _CurrentStderrHandler()
    if environ.get("JOURNAL_STREAM"):
        handler.setFormatter(_JournalFormatter("%(message)s"))
    else:
        handler.setFormatter(logging.Formatter("restock: %(message)s"))
    # On a terminal the live view already shows every input and its refusal; log only
    # what it cannot show (a device that failed) there.
    live = sys.stdout.isatty() and not as_json
    level = logging.INFO
    if live and not verbose:
        level = logging.ERROR
    elif sys.stderr.isatty() and not as_json and not verbose:
        level = logging.WARNING
    root = logging.getLogger("device")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
