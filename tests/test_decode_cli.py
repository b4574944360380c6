"""``restock decode``: one line per photo, JSON on request, bad files reported and skipped."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def dev(shared_dir):
    return shared_dir / "barcodes" / "dev"


@pytest.fixture
def bad_files(tmp_path):
    corrupt = tmp_path / "corrupt.jpg"
    corrupt.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    text = tmp_path / "notes.txt"
    text.write_text("milk, eggs\n")
    return corrupt, empty, text, tmp_path / "missing.png", tmp_path


def test_json_gives_one_object_per_photo(restock, dev):
    ean = dev / "zx_ean13-1_1.webp"
    none = dev / "zx_falsepositives-2_01.png"
    result = restock("decode", "--json", str(ean), str(none))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(ean), str(none)]
    assert lines[0]["codes"] == [{"format": "EAN13", "text": "8413000065504"}]
    assert lines[1]["codes"] == []
    assert all(isinstance(line["ms"], float) and line["ms"] >= 0 for line in lines)


def test_text_output_is_one_line_per_photo_even_for_multiline_qr(restock, dev):
    qr = dev / "zx_qrcode-3_18.png"  # the payload holds line breaks
    upce = dev / "zx_upce-2_01.png"
    result = restock("decode", str(qr), str(upce))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f'{qr}: QR "UI office hours signup\\r\\nhttp://')
    assert lines[1].startswith(f"{upce}: UPCE 05096893 (")


def test_unreadable_files_get_an_error_line_and_the_others_go_on(restock, dev, bad_files):
    corrupt, empty, text, missing, folder = bad_files
    good = dev / "zx_ean8-1_1.png"
    args = [str(corrupt), str(good), str(empty), str(text), str(missing), str(folder)]
    result = restock("decode", "--json", *args)
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == args
    errors = {line["file"]: line["error"] for line in lines if "error" in line}
    assert errors == {
        str(corrupt): f"{corrupt}: not an image OpenCV can read (corrupt or unsupported). "
        "Use a JPEG, PNG, WebP or HEIC photo.",
        str(empty): f"{empty}: the file is empty. Take or copy the photo again.",
        str(text): f"{text}: not an image OpenCV can read (corrupt or unsupported). "
        "Use a JPEG, PNG, WebP or HEIC photo.",
        str(missing): f"{missing}: no such file. Check the name and the folder.",
        str(folder): f"{folder}: is a folder; give the photo files inside it.",
    }
    assert lines[1]["codes"] and lines[1]["codes"][0]["format"] == "EAN8"


def test_a_truncated_photo_is_reported_not_guessed(restock, dev, tmp_path):
    truncated = tmp_path / "cut.webp"
    truncated.write_bytes((dev / "zx_ean13-1_1.webp").read_bytes()[:20000])  # of 377 kB
    result = restock("decode", "--json", str(truncated))
    assert result.returncode == 1
    assert json.loads(result.stdout) == {
        "file": str(truncated),
        "error": f"{truncated}: not an image OpenCV can read (corrupt or unsupported). "
        "Use a JPEG, PNG, WebP or HEIC photo.",
    }


@pytest.fixture
def heic_photo(dev, tmp_path):
    """A real dev photo saved as HEIC by libheif's HEVC encoder, as an iPhone saves photos."""
    import cv2
    import pillow_heif

    rgb = cv2.cvtColor(cv2.imread(str(dev / "zx_ean13-1_1.webp")), cv2.COLOR_BGR2RGB)
    height, width = rgb.shape[:2]
    heif = pillow_heif.from_bytes(mode="RGB", size=(width, height), data=rgb.tobytes())
    path = tmp_path / "IMG_0001.HEIC"
    heif.save(path, quality=90)
    return path


def test_an_iphone_heic_photo_is_read(restock, heic_photo):
    assert heic_photo.read_bytes()[4:12] == b"ftypheic"
    result = restock("decode", "--json", str(heic_photo))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["codes"] == [{"format": "EAN13", "text": "8413000065504"}]


def test_a_heic_photo_cut_short_gets_its_own_error_line(restock, heic_photo, tmp_path):
    truncated = tmp_path / "cut.heic"
    truncated.write_bytes(heic_photo.read_bytes()[:3000])
    result = restock("decode", "--json", str(truncated))
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"] == (
        f"{truncated}: a HEIC photo that cannot be decoded (corrupt or cut short). "
        "Copy it from the phone again, or export it as JPEG."
    )


def test_text_mode_errors_go_to_stderr(restock, dev, bad_files):
    corrupt = bad_files[0]
    result = restock("decode", str(corrupt), str(dev / "zx_ean13-1_1.webp"))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{dev / 'zx_ean13-1_1.webp'}: EAN13 8413000065504 (")
    assert f"restock: {corrupt}: not an image OpenCV can read" in result.stderr


def test_decode_needs_at_least_one_photo(restock):
    result = restock("decode")
    assert result.returncode == 2
    assert "Missing argument" in result.stderr
