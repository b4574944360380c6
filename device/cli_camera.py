"""``restock decode``: read the barcodes in photos, one line per photo.

Exit status: 0 when every file could be read as an image (whether or not it holds a
code), 1 when at least one could not; each such file gets its own error line and the
others are still decoded.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from household.errors import PhotoUnreadable


def load_photo(path: Path):
    """The image in ``path`` as a BGR array, or PhotoUnreadable saying why not."""
    import cv2
    import numpy as np

    try:
        data = np.fromfile(path, dtype=np.uint8)
    except FileNotFoundError as err:
        raise PhotoUnreadable(f"{path}: no such file. Check the name and the folder.") from err
    except IsADirectoryError as err:
        raise PhotoUnreadable(f"{path}: is a folder; give the photo files inside it.") from err
    except OSError as err:
        raise PhotoUnreadable(f"{path}: cannot be read ({err.strerror}).") from err
    if data.size == 0:
        raise PhotoUnreadable(f"{path}: the file is empty. Take or copy the photo again.")
    if _is_heif(data):
        image = _heif(data)
        if image is None:
            raise PhotoUnreadable(
                f"{path}: a HEIC photo that cannot be decoded (corrupt or cut short). "
                "Copy it from the phone again, or export it as JPEG."
            )
        return image
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if image is None:
        raise PhotoUnreadable(
            f"{path}: not an image OpenCV can read (corrupt or unsupported). "
            "Use a JPEG, PNG, WebP or HEIC photo."
        )
    return image


HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")
"""The major brands of a HEIF file's ``ftyp`` box: what an iPhone saves by default."""


def _is_heif(data) -> bool:
    return data[4:8].tobytes() == b"ftyp" and data[8:12].tobytes() in HEIF_BRANDS


def _heif(data):
    """A HEIF/HEIC photo as BGR (OpenCV cannot read them); None when it is corrupt.

    Read with pillow-heif (libheif), which also applies the turn or mirror stored in it.
    """
    import numpy as np
    import pillow_heif

    try:
        heif = pillow_heif.open_heif(data.tobytes(), convert_hdr_to_8bit=True, bgr_mode=True)
        image = np.asarray(heif)
    except (ValueError, RuntimeError, OSError, SyntaxError):
        return None
    return image[:, :, :3] if image.ndim == 3 else image


def _printable(text: str) -> str:
    """A payload on one line: a QR code may hold line breaks or other control characters."""
    if text.isprintable():
        return text
    return json.dumps(text, ensure_ascii=False)


def _text_line(name: str, codes, ms: float) -> str:
    found = ", ".join(f"{code.format} {_printable(code.text)}" for code in codes)
    found = found or "no barcode found"
    return f"{name}: {found} ({ms:.1f} ms)"


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.argument("images", nargs=-1, required=True, type=click.Path(path_type=Path))
def decode(as_json: bool, images: tuple[Path, ...]) -> None:
    """Read the barcodes (EAN-13/8, UPC-A/E, QR, DataMatrix) in photos.

    A code is printed only when it is confirmed (two decoders agree, or one clean read),
    so "no barcode found" is the answer when in doubt. Files that cannot be read get an
    error line and the exit status is 1.
    """
    from device.barcode.cascade import decode_image

    failed = 0
    for path in images:
        try:
            image = load_photo(path)
        except PhotoUnreadable as err:
            failed += 1
            if as_json:
                click.echo(json.dumps({"file": str(path), "error": str(err)}, ensure_ascii=False))
            else:
                click.echo(f"restock: {err}", err=True)
            continue
        started = time.perf_counter()
        result = decode_image(image)
        ms = round((time.perf_counter() - started) * 1000, 1)
        if as_json:
            codes = [{"format": str(code.format), "text": code.text} for code in result.codes]
            record = {"file": str(path), "codes": codes, "ms": ms}
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(_text_line(str(path), result.codes, ms))
    if failed:
        raise click.exceptions.Exit(1)
