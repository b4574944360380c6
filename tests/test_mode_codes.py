"""Mode barcodes: parsing, and a printed sheet that a barcode reader reads back."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest
from pyzbar import pyzbar

from device.mode_codes import (
    SHEET_CODES,
    ModeAction,
    ModeCode,
    parse_mode_code,
    render_sheet,
    write_sheet,
)
from household.errors import UsageError

REPO_ROOT = Path(__file__).resolve().parent.parent
RESTOCK = [sys.executable, "-c", "from household.cli import main; main()"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RESTOCK-REMOVE", ModeCode(ModeAction.REMOVE)),
        (" restock-lookup\r", ModeCode(ModeAction.LOOKUP)),
        ("RESTOCK-ADD", ModeCode(ModeAction.ADD)),
        ("RESTOCK-UNDO", ModeCode(ModeAction.UNDO)),
        ("restock-listen", ModeCode(ModeAction.LISTEN)),
        ("RESTOCK-QTY-12", ModeCode(ModeAction.QUANTITY, 12)),
        ("BBUDDY-Q-3", ModeCode(ModeAction.QUANTITY, 3)),
        ("BBUDDY-AS", ModeCode(ModeAction.ADD)),
        ("BBUDDY-C", ModeCode(ModeAction.REMOVE)),
        ("RESTOCK-QTY-0", None),
        ("RESTOCK-QTY-100", None),
        ("RESTOCK-DANCE", None),
        ("3017620422003", None),
    ],
)
def test_parse_mode_code(text, expected):
    assert parse_mode_code(text) == expected


def decoded_codes(gray: np.ndarray) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for result in pyzbar.decode(gray):
        found.setdefault(result.data.decode(), set()).add(result.type)
    return found


@pytest.fixture(scope="module")
def sheet() -> np.ndarray:
    return render_sheet()


def test_every_code_on_the_sheet_reads_back_as_code128_and_qr(sheet):
    found = decoded_codes(sheet)
    assert set(found) == {code for code, _ in SHEET_CODES}
    assert all(kinds == {"CODE128", "QRCODE"} for kinds in found.values()), found


def test_png_sheet_reads_back_from_the_file(tmp_path, sheet):
    path = write_sheet(tmp_path / "codes.png")
    image = cv2.imread(str(path), cv2.IMREAD_GRAYSCALE)
    assert image.shape == sheet.shape
    assert set(decoded_codes(image)) == {code for code, _ in SHEET_CODES}


@pytest.mark.skipif(shutil.which("gs") is None, reason="ghostscript (gs) is needed to print PDF")
def test_pdf_sheet_printed_by_ghostscript_reads_back(tmp_path):
    pdf = write_sheet(tmp_path / "codes.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-1.4")
    png = tmp_path / "printed.png"
    subprocess.run(
        ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pnggray", "-r200",
         f"-sOutputFile={png}", str(pdf)],
        check=True,
        timeout=60,
    )  # fmt: skip
    printed = cv2.imread(str(png), cv2.IMREAD_GRAYSCALE)
    assert set(decoded_codes(printed)) == {code for code, _ in SHEET_CODES}


def test_unknown_format_is_refused_with_the_fix(tmp_path):
    with pytest.raises(UsageError) as err:
        write_sheet(tmp_path / "codes.jpg")
    assert str(err.value) == (
        "Cannot tell the format of codes.jpg: name it .png or .pdf, "
        "e.g. restock mode-codes codes.pdf"
    )


def test_cli_writes_the_sheet(tmp_path):
    out = tmp_path / "sheet.png"
    done = subprocess.run(
        [*RESTOCK, "--db", str(tmp_path / "h.db"), "mode-codes",
         str(out)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=60,
        env={"PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"Wrote {out}" in done.stdout.replace("\n", "")
    assert cv2.imread(str(out), cv2.IMREAD_GRAYSCALE) is not None
