"""The one key map: evdev key codes to characters, for each layout a scanner can imitate.

A keyboard-wedge scanner sends key *positions* (evdev codes), chosen for the layout it
was set to imitate; which character they stand for depends on that layout, never on the
host's. EAN/UPC codes are digits with a check digit, so the layout that decodes a scan
into a valid GTIN is the one the scanner uses: ``decode_best`` keeps that one.

The same tables read backwards undo a mismatch that already happened on a host:
``recover_garbled`` retypes text as if each character had been produced by the host
layout and reads the keys with the scanner's layout instead.

Tables follow xkeyboard-config's ``symbols/{us,gb,fr,be,de}`` (level 1, 2 and 3 =
AltGr) for the keys that produce ASCII; keypad keys are the same on every layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from evdev import ecodes as e

from household.errors import InputRefused, InvalidGtin
from household.gtin import Gtin

DEFAULT_LAYOUT = "us"
"""Scanners leave the factory imitating a US keyboard."""

LAYOUT_LABELS: Mapping[str, str] = {
    "us": "US QWERTY",
    "fr": "French AZERTY",
    "be": "Belgian AZERTY",
    "de": "German QWERTZ",
    "uk": "UK QWERTY",
}


@dataclass(frozen=True, slots=True)
class KeyStroke:
    """One key press as the scanner sent it: the key and the modifiers held."""

    code: int
    """The evdev key code (a physical position, e.g. ecodes.KEY_1)."""
    shift: bool = False
    altgr: bool = False


# Key rows in physical order; each layout gives a string per level for the same row.
_NUMBER_ROW = (e.KEY_GRAVE, e.KEY_1, e.KEY_2, e.KEY_3, e.KEY_4, e.KEY_5, e.KEY_6, e.KEY_7,
               e.KEY_8, e.KEY_9, e.KEY_0, e.KEY_MINUS, e.KEY_EQUAL)  # fmt: skip
_TOP_ROW = (e.KEY_Q, e.KEY_W, e.KEY_E, e.KEY_R, e.KEY_T, e.KEY_Y, e.KEY_U, e.KEY_I, e.KEY_O,
            e.KEY_P, e.KEY_LEFTBRACE, e.KEY_RIGHTBRACE)  # fmt: skip
_HOME_ROW = (e.KEY_A, e.KEY_S, e.KEY_D, e.KEY_F, e.KEY_G, e.KEY_H, e.KEY_J, e.KEY_K, e.KEY_L,
             e.KEY_SEMICOLON, e.KEY_APOSTROPHE, e.KEY_BACKSLASH)  # fmt: skip
_BOTTOM_ROW = (e.KEY_102ND, e.KEY_Z, e.KEY_X, e.KEY_C, e.KEY_V, e.KEY_B, e.KEY_N, e.KEY_M,
               e.KEY_COMMA, e.KEY_DOT, e.KEY_SLASH)  # fmt: skip
_ROWS = (_NUMBER_ROW, _TOP_ROW, _HOME_ROW, _BOTTOM_ROW)

# A space in a level-3 string means "nothing on AltGr"; dead keys give their spacing form.
_LAYOUT_ROWS: Mapping[str, tuple[tuple[str, str, str], ...]] = {
    "us": (
        ("`1234567890-=", "~!@#$%^&*()_+", "             "),
        ("qwertyuiop[]", "QWERTYUIOP{}", "            "),
        ("asdfghjkl;'\\", 'ASDFGHJKL:"|', "            "),
        ("<zxcvbnm,./", ">ZXCVBNM<>?", "|          "),
    ),
    "uk": (
        ("`1234567890-=", '¬!"£$%^&*()_+', "|   €        "),
        ("qwertyuiop[]", "QWERTYUIOP{}", "            "),
        ("asdfghjkl;'#", "ASDFGHJKL:@~", "            "),
        ("\\zxcvbnm,./", "|ZXCVBNM<>?", "|          "),
    ),
    "fr": (
        ("²&é\"'(-è_çà)=", "~1234567890°+", " ¹~#{[|`\\^@]}"),
        ("azertyuiop^$", "AZERTYUIOP¨£", "æ«€         "),
        ("qsdfghjklmù*", "QSDFGHJKLM%µ", "@         ^`"),
        ("<wxcvbn,;:!", ">WXCVBN?./§", "|          "),
    ),
    "be": (
        ("²&é\"'(§è!çà)-", "³1234567890°_", " |@#¼½^{[{}\\¸"),
        ("azertyuiop^$", "AZERTYUIOP¨*", "@ €       []"),
        ("qsdfghjklmùµ", "QSDFGHJKLM%£", "æ        ´´`"),
        ("<wxcvbn,;:=", ">WXCVBN?./+", "\\«        ~"),
    ),
    "de": (
        ("^1234567890ß´", '°!"§$%&/()=?`', " ¹²³¼½¬{[]}\\¸"),
        ("qwertzuiopü+", "QWERTZUIOPÜ*", "@ €        ~"),
        ("asdfghjklöä#", "ASDFGHJKLÖÄ'", "            "),
        ("<yxcvbnm,.-", ">YXCVBNM;:_", "|»«        "),
    ),
}

_KEYPAD: Mapping[int, str] = {
    e.KEY_KP0: "0", e.KEY_KP1: "1", e.KEY_KP2: "2", e.KEY_KP3: "3", e.KEY_KP4: "4",
    e.KEY_KP5: "5", e.KEY_KP6: "6", e.KEY_KP7: "7", e.KEY_KP8: "8", e.KEY_KP9: "9",
    e.KEY_KPDOT: ".", e.KEY_KPMINUS: "-", e.KEY_KPPLUS: "+", e.KEY_KPASTERISK: "*",
    e.KEY_KPSLASH: "/", e.KEY_KPCOMMA: ",", e.KEY_SPACE: " ",
    **{getattr(e, f"KEY_NUMERIC_{d}"): str(d) for d in range(10)},
}  # fmt: skip
"""Keys that mean the same on every layout (keypad mode scanners send these)."""

UNKNOWN_CHAR = "\ufffd"
"""Stands for a key that produces no character in the layout."""


def _build_layout(rows: tuple[tuple[str, str, str], ...]) -> dict[int, tuple[str, str, str]]:
    table: dict[int, tuple[str, str, str]] = {}
    for codes, (plain, shifted, altgr) in zip(_ROWS, rows, strict=True):
        for index, code in enumerate(codes):
            third = altgr[index] if index < len(altgr) and altgr[index] != " " else ""
            table[code] = (plain[index], shifted[index], third)
    return table


LAYOUTS: Mapping[str, Mapping[int, tuple[str, str, str]]] = {
    name: _build_layout(rows) for name, rows in _LAYOUT_ROWS.items()
}
"""layout name -> key code -> (plain, shifted, AltGr) characters ('' where none)."""


def char_for(stroke: KeyStroke, layout: str) -> str:
    """The character ``stroke`` types on ``layout``, or UNKNOWN_CHAR."""
    if stroke.code in _KEYPAD:
        return _KEYPAD[stroke.code]
    levels = LAYOUTS[layout].get(stroke.code)
    if levels is None:
        return UNKNOWN_CHAR
    if stroke.altgr:
        return levels[2] or UNKNOWN_CHAR
    return levels[1] if stroke.shift else levels[0]


def decode(strokes: Iterable[KeyStroke], layout: str) -> str:
    """The text ``strokes`` type on ``layout``."""
    return "".join(char_for(stroke, layout) for stroke in strokes)


def is_gtin(text: str) -> bool:
    """Whether ``text`` is a valid GTIN for the project's one parser."""
    try:
        Gtin.parse(text)
    except InvalidGtin:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from key strokes, with the layout that produced it."""

    text: str
    layout: str
    detected: bool
    """True when ``accept`` vouched for this layout; False: the preferred layout by default."""


def decode_best(
    strokes: Sequence[KeyStroke],
    preferred: str = DEFAULT_LAYOUT,
    accept: Callable[[str], bool] = is_gtin,
) -> Decoded:
    """Decode with the first layout (preferred first) whose text ``accept`` takes.

    Without such a layout (a code with letters, a bad scan), the preferred layout's text.
    """
    order = [preferred, *(name for name in LAYOUTS if name != preferred)]
    for layout in order:
        text = decode(strokes, layout)
        if accept(text):
            return Decoded(text, layout, detected=True)
    return Decoded(decode(strokes, preferred), preferred, detected=False)


def _reverse(layout: str) -> dict[str, KeyStroke]:
    # Plain level first, then shifted, then AltGr: the simplest way to type a character wins.
    reverse: dict[str, KeyStroke] = {}
    for level in range(3):
        for code, chars in LAYOUTS[layout].items():
            char = chars[level]
            if char and char not in reverse:
                reverse[char] = KeyStroke(code, shift=level == 1, altgr=level == 2)
    reverse[" "] = KeyStroke(e.KEY_SPACE)
    return reverse


_REVERSED: Mapping[str, Mapping[str, KeyStroke]] = {name: _reverse(name) for name in LAYOUTS}


def strokes_for(text: str, layout: str) -> list[KeyStroke] | None:
    """The key strokes that type ``text`` on ``layout``, or None if a character is missing."""
    reverse = _REVERSED[layout]
    strokes = [reverse.get(char) for char in text]
    return None if any(stroke is None for stroke in strokes) else strokes  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Recovery:
    """A garbled scan read again as the layout mix-up that produced it."""

    text: str
    scanner_layout: str
    host_layout: str

    @property
    def explanation(self) -> str:
        """For people: which mix-up it was."""
        scanner = LAYOUT_LABELS[self.scanner_layout]
        host = LAYOUT_LABELS[self.host_layout]
        return f"a scanner set to {scanner} typing on a {host} keyboard"


MAX_GARBLED_LENGTH = 64
"""Longer text is not a mistyped barcode or mode code; do not try every layout on it."""


def recover_garbled(text: str, accept: Callable[[str], bool] = is_gtin) -> Recovery:
    """Undo a scanner/host layout mismatch, when exactly one reading of ``text`` is accepted.

    Raises InputRefused when no pair of layouts explains ``text``, or when several pairs
    give different results (then guessing could put the wrong product on the list).
    """
    shown = text if len(text) <= 40 else text[:40] + "…"
    if len(text) > MAX_GARBLED_LENGTH or not text.isprintable() or not text.strip():
        raise InputRefused(f"{shown!r} is not a barcode. Scan it again.")
    found: dict[str, Recovery] = {}
    for host in LAYOUTS:
        strokes = strokes_for(text, host)
        if strokes is None:
            continue
        for scanner in LAYOUTS:
            if scanner == host:
                continue
            candidate = decode(strokes, scanner)
            if candidate != text and accept(candidate):
                found.setdefault(candidate, Recovery(candidate, scanner, host))
    if len(found) == 1:
        return next(iter(found.values()))
    if not found:
        raise InputRefused(
            f"{shown!r} is not a barcode, and no keyboard-layout mix-up explains it. "
            "Scan it again; if this keeps happening, set the scanner to the US keyboard "
            "layout (see its manual) or use `--source hid`."
        )
    readings = ", ".join(
        f"{r.text} ({r.explanation})" for r in sorted(found.values(), key=lambda r: r.text)
    )
    raise InputRefused(
        f"{shown!r} looks like a scan garbled by a keyboard-layout mix-up, but it can be read "
        f"several ways: {readings}. Nothing was added: set the scanner to the host's keyboard "
        "layout, or type the digits."
    )
