"""The project's one GTIN parser: EAN-13, EAN-8, UPC-A, UPC-E and GTIN-14.

Every barcode, typed, scanned or read from a photo, goes through ``Gtin.parse``. It
validates the check digit and normalises the code to 14 digits, so that the same
product scanned as UPC-A, UPC-E or EAN-13 gives one key.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from household.errors import InvalidGtin
from household.gs1_prefixes import is_issued


class Symbology(StrEnum):
    """The barcode family the digits came from, as far as the length tells."""

    EAN13 = "EAN13"
    EAN8 = "EAN8"
    UPCA = "UPCA"
    UPCE = "UPCE"
    GTIN14 = "GTIN14"


class GtinKind(StrEnum):
    """What a valid GTIN stands for, read from its GS1 prefix."""

    PRODUCT = "product"
    """An ordinary trade item: look it up, price it."""
    RESTRICTED = "restricted"
    """A restricted-circulation number: a shop's own weight or price label (loose goods)."""
    ISBN = "isbn"
    """A book (Bookland prefixes 978 and 979)."""
    ISSN = "issn"
    """A periodical (prefix 977)."""
    COUPON = "coupon"
    """A coupon or refund receipt: never a product."""


@dataclass(frozen=True, slots=True)
class Gtin:
    """A validated GTIN."""

    digits: str
    """Always 14 digits, zero-padded. Made by Gtin.parse(), which validates the check digit."""
    symbology: Symbology = Symbology.EAN13
    """How the code was written when it was parsed (UPC-E is kept expanded in ``digits``)."""

    @classmethod
    def parse(cls, text: str, symbology: Symbology | str | None = None) -> Gtin:
        """Validate ``text`` as a GTIN and normalise it, or raise InvalidGtin saying why.

        ``symbology`` settles the one real ambiguity: eight digits are EAN-8 unless the
        decoder says UPC-E (or the EAN-8 check digit fails and the UPC-E one holds).
        """
        code = "".join(text.split())
        if not code:
            raise InvalidGtin("The barcode is empty. Scan it again or type its digits.")
        if not code.isascii() or not code.isdigit():
            shown = _shorten(code)
            raise InvalidGtin(
                f"{shown!r} is not a barcode: a GTIN has only digits (8, 12, 13 or 14). "
                "Scan it again, or type the digits printed under the bars."
            )
        # A decoder may name a family that is no GTIN (QRCODE, CODE128): no hint then.
        hint = Symbology(symbology) if symbology in Symbology.__members__ else None
        if hint is Symbology.UPCE or (len(code) in (6, 7) and hint is None):
            return cls._parse_upce(code)
        if len(code) == 8:
            if hint is None and not has_valid_check_digit(code) and code[0] in "01":
                try:
                    return cls._parse_upce(code)
                except InvalidGtin:
                    pass  # report the EAN-8 failure below: it is the likelier reading
            return cls._checked(code, hint or Symbology.EAN8)
        kinds = {12: Symbology.UPCA, 13: Symbology.EAN13, 14: Symbology.GTIN14}
        if len(code) not in kinds:
            raise InvalidGtin(
                f"{code} has {len(code)} digits; a barcode has 8, 12, 13 or 14. "
                "Check that nothing is missing, or scan it again."
            )
        return cls._checked(code, hint or kinds[len(code)])

    @classmethod
    def _checked(cls, code: str, symbology: Symbology) -> Gtin:
        if not has_valid_check_digit(code):
            expected = compute_check_digit(code[:-1])
            raise InvalidGtin(
                f"{code} fails its check digit (the last digit should be {expected} for "
                f"these digits, not {code[-1]}): a digit was misread or mistyped. "
                "Scan it again, or type it carefully from the package."
            )
        return cls(code.zfill(14), symbology)

    @classmethod
    def _parse_upce(cls, code: str) -> Gtin:
        if len(code) == 6:
            raise InvalidGtin(
                f"{code} looks like a UPC-E code without its number system and check digit: "
                "type all 8 digits printed on the package."
            )
        if len(code) == 7:
            raise InvalidGtin(
                f"{code} looks like a UPC-E code missing a digit: "
                "type all 8 digits printed on the package."
            )
        if len(code) != 8 or code[0] not in "01":
            raise InvalidGtin(
                f"{code} is not a UPC-E code (8 digits starting with 0 or 1). "
                "Scan it again, or type the digits printed under the bars."
            )
        upca = expand_upce(code[:7])
        if upca[-1] != code[-1]:
            raise InvalidGtin(
                f"{code} fails its check digit (UPC-E {code} expands to UPC-A "
                f"{upca[:-1]}?, whose check digit is {upca[-1]}): a digit was misread. "
                "Scan it again, or type it carefully from the package."
            )
        return cls(upca.zfill(14), Symbology.UPCE)

    @property
    def kind(self) -> GtinKind:
        """What the GS1 prefix says this code stands for."""
        if self.digits.startswith("000000"):  # a GTIN-8
            return GtinKind.RESTRICTED if self.digits[6] in "02" else GtinKind.PRODUCT
        # The GS1 prefix of the GTIN-13 form; for a GTIN-14 the packaging indicator
        # digit comes first and the item inside decides.
        prefix3 = self.digits[1:4]
        if prefix3[:2] in ("02", "04") or "200" <= prefix3 <= "299":
            return GtinKind.RESTRICTED
        if prefix3 in ("978", "979"):
            return GtinKind.ISBN
        if prefix3 == "977":
            return GtinKind.ISSN
        if prefix3[:2] in ("05", "99") or "980" <= prefix3 <= "984":
            return GtinKind.COUPON
        return GtinKind.PRODUCT

    @property
    def prefix_issued(self) -> bool:
        """Whether GS1 issues this code's prefix to anyone (``household.gs1_prefixes``).

        A GTIN-8 is taken as issued: its prefixes are another list.
        """
        if self.digits.startswith("000000"):
            return True
        return is_issued(int(self.digits[1:4]))

    @property
    def short(self) -> str:
        """The code as people see it printed: 8 digits for EAN-8, 13 for EAN-13/UPC-A."""
        if self.digits.startswith("000000"):
            return self.digits[6:]
        if self.digits[0] == "0":
            return self.digits[1:]
        return self.digits

    def __str__(self) -> str:
        return self.short


def looks_like_barcode(text: str) -> bool:
    """Whether ``text`` is meant as a barcode (only digits, long enough), valid or not."""
    code = "".join(text.split())
    return code.isascii() and code.isdigit() and len(code) >= 6


def compute_check_digit(body: str) -> str:
    """The GS1 mod-10 check digit for the digits before it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - total % 10) % 10)


def has_valid_check_digit(code: str) -> bool:
    """Whether the last digit of ``code`` is its GS1 check digit."""
    return len(code) >= 2 and code.isdigit() and compute_check_digit(code[:-1]) == code[-1]


def expand_upce(upce7: str) -> str:
    """Expand a UPC-E code (number system + 6 digits) to the 12 digits of its UPC-A form."""
    ns, d = upce7[0], upce7[1:7]
    last = d[5]
    if last in "012":
        body = f"{ns}{d[0]}{d[1]}{last}0000{d[2]}{d[3]}{d[4]}"
    elif last == "3":
        body = f"{ns}{d[0]}{d[1]}{d[2]}00000{d[3]}{d[4]}"
    elif last == "4":
        body = f"{ns}{d[0]}{d[1]}{d[2]}{d[3]}00000{d[4]}"
    else:
        body = f"{ns}{d[0]}{d[1]}{d[2]}{d[3]}{d[4]}0000{last}"
    return body + compute_check_digit(body)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
