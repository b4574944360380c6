"""The one key map: layouts, detection by check digit, recovery of garbled wedge scans."""

from __future__ import annotations

import pytest
from evdev import ecodes as e
from hypothesis import given
from hypothesis import strategies as st

from device.keymap import (
    LAYOUTS,
    KeyStroke,
    decode,
    decode_best,
    is_gtin,
    recover_garbled,
    strokes_for,
)
from household.errors import InputRefused
from household.gtin import compute_check_digit

NUTELLA = "3017620422003"


def test_a_french_scanner_sends_shifted_digits():
    strokes = strokes_for(NUTELLA, "fr")
    assert strokes is not None
    assert all(s.shift for s in strokes)
    assert decode(strokes, "us") == "#)!&^@)$@@))#"
    assert decode(strokes, "fr") == NUTELLA


def test_a_us_scanner_read_as_azerty_gives_the_classic_complaint():
    assert decode(strokes_for("1234567890", "us"), "fr") == "&é\"'(-è_çà"


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_types_and_reads_back_printable_ascii_it_has(layout):
    text = "RESTOCK-QTY-3 abc 0189"
    strokes = strokes_for(text, layout)
    assert strokes is not None, layout
    assert decode(strokes, layout) == text


@pytest.mark.parametrize(
    ("layout", "key", "plain", "shifted", "altgr"),
    [
        ("us", e.KEY_2, "2", "@", ""),
        ("uk", e.KEY_2, "2", '"', ""),
        ("uk", e.KEY_BACKSLASH, "#", "~", ""),
        ("fr", e.KEY_0, "à", "0", "@"),
        ("fr", e.KEY_Q, "a", "A", "æ"),
        ("be", e.KEY_6, "§", "6", "^"),
        ("de", e.KEY_Y, "z", "Z", ""),
        ("de", e.KEY_Q, "q", "Q", "@"),
        ("de", e.KEY_MINUS, "ß", "?", "\\"),
    ],
)
def test_tables_match_xkeyboard_config(layout, key, plain, shifted, altgr):
    assert LAYOUTS[layout][key] == (plain, shifted, altgr)


def test_keypad_digits_are_the_same_on_every_layout():
    keypad = [KeyStroke(getattr(e, f"KEY_KP{d}")) for d in "3017620422003"]
    assert {decode(keypad, name) for name in LAYOUTS} == {NUTELLA}


def test_unknown_keys_show_as_replacement_characters():
    assert decode([KeyStroke(e.KEY_F13), KeyStroke(e.KEY_1)], "us") == "\ufffd1"


@pytest.mark.parametrize("scanner", sorted(LAYOUTS))
def test_layout_detection_finds_the_gtin(scanner):
    decoded = decode_best(strokes_for(NUTELLA, scanner), preferred="us")
    assert decoded.text == NUTELLA
    assert decoded.detected


def test_a_code_that_is_no_gtin_uses_the_preferred_layout():
    decoded = decode_best(strokes_for("ABC-12", "fr"), preferred="fr")
    assert (decoded.text, decoded.layout, decoded.detected) == ("ABC-12", "fr", False)


def test_azerty_scanner_on_us_host_is_recovered():
    recovery = recover_garbled("#)!&^@)$@@))#")
    assert recovery.text == NUTELLA
    assert recovery.host_layout == "us"
    assert recovery.explanation == ("a scanner set to French AZERTY typing on a US QWERTY keyboard")


def test_us_scanner_on_azerty_host_is_recovered():
    garbled = decode(strokes_for(NUTELLA, "us"), "fr")
    assert garbled == '"à&è-éà\'ééàà"'
    recovery = recover_garbled(garbled)
    assert (recovery.text, recovery.scanner_layout, recovery.host_layout) == (NUTELLA, "us", "fr")


def test_text_no_mixup_explains_is_refused_with_what_to_do():
    with pytest.raises(InputRefused) as err:
        recover_garbled("hello")
    assert str(err.value) == (
        "'hello' is not a barcode, and no keyboard-layout mix-up explains it. Scan it again; "
        "if this keeps happening, set the scanner to the US keyboard layout (see its manual) "
        "or use `--source hid`."
    )


def test_several_readings_are_refused_not_guessed():
    # An AZERTY scanner on a UK host types 9522915279179 as this; on a German host the
    # same characters come from 8522815268168, also a valid EAN-13. Guessing could put
    # the wrong product on the list, so nothing is added.
    with pytest.raises(InputRefused) as err:
        recover_garbled('(%""(!%"&(!&(')
    assert str(err.value) == (
        '\'(%""(!%"&(!&(\' looks like a scan garbled by a keyboard-layout mix-up, but it can '
        "be read several ways: 8522815268168 (a scanner set to French AZERTY typing on a "
        "German QWERTZ keyboard), 9522915279179 (a scanner set to French AZERTY typing on a "
        "UK QWERTY keyboard). Nothing was added: set the scanner to the host's keyboard "
        "layout, or type the digits."
    )


def test_control_characters_and_huge_input_are_refused_quickly():
    with pytest.raises(InputRefused):
        recover_garbled("\x00\x01#)!&")
    with pytest.raises(InputRefused):
        recover_garbled("#" * 100_000)


@given(
    st.text(alphabet="0123456789", min_size=12, max_size=12),
    st.sampled_from(sorted(LAYOUTS)),
    st.sampled_from(sorted(LAYOUTS)),
)
def test_any_mixup_of_any_ean13_is_recovered_or_refused_never_wrong(body, scanner, host):
    code = body + compute_check_digit(body)
    garbled = decode(strokes_for(code, scanner), host)
    if garbled == code or is_gtin(garbled):
        return  # no mix-up visible (QWERTY/QWERTZ digits are the same)
    try:
        recovery = recover_garbled(garbled)
    except InputRefused:
        return  # refusing is allowed; adding the wrong product is not
    assert recovery.text == code
