"""The one GTIN parser: every symbology, normalisation, and every way a code is wrong."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from household.errors import InvalidGtin
from household.gtin import (
    Gtin,
    GtinKind,
    Symbology,
    compute_check_digit,
    expand_upce,
    has_valid_check_digit,
    looks_like_barcode,
)


@pytest.mark.parametrize(
    ("text", "digits", "symbology", "short"),
    [
        ("3017620422003", "03017620422003", Symbology.EAN13, "3017620422003"),  # Nutella
        ("96385074", "00000096385074", Symbology.EAN8, "96385074"),
        ("036000291452", "00036000291452", Symbology.UPCA, "0036000291452"),
        ("10036000291459", "10036000291459", Symbology.GTIN14, "10036000291459"),
        (" 3017620 422003\n", "03017620422003", Symbology.EAN13, "3017620422003"),
    ],
)
def test_parse_normalises_to_14_digits(text, digits, symbology, short):
    gtin = Gtin.parse(text)
    assert gtin.digits == digits
    assert gtin.symbology is symbology
    assert gtin.short == short
    assert str(gtin) == short


def test_upce_expands_to_the_same_gtin_as_its_upca():
    # UPC-E 04252614 is the short form of UPC-A 042100005264.
    assert expand_upce("0425261") == "042100005264"
    upce = Gtin.parse("04252614", symbology="UPCE")
    assert upce.digits == Gtin.parse("042100005264").digits
    assert upce.symbology is Symbology.UPCE


@pytest.mark.parametrize(
    ("upce7", "upca_body"),
    [
        ("0123450", "01200000345"),
        ("0123451", "01210000345"),
        ("0123452", "01220000345"),
        ("0123453", "01230000045"),
        ("0123454", "01234000005"),
        ("0123455", "01234500005"),
        ("1987659", "19876500009"),
    ],
)
def test_upce_expansion_rules(upce7, upca_body):
    assert expand_upce(upce7) == upca_body + compute_check_digit(upca_body)


def test_eight_digits_failing_ean8_but_valid_upce_are_read_as_upce():
    # 01234565 passes both checks: EAN-8 wins unless the decoder says UPC-E.
    assert Gtin.parse("01234565").symbology is Symbology.EAN8
    code = "0" + "425261" + "4"
    assert not has_valid_check_digit(code)  # not a valid EAN-8
    assert Gtin.parse(code).symbology is Symbology.UPCE


def test_wrong_check_digit_is_refused_with_what_to_do():
    with pytest.raises(InvalidGtin) as err:
        Gtin.parse("3017620422004")
    assert str(err.value) == (
        "3017620422004 fails its check digit (the last digit should be 3 for these digits, "
        "not 4): a digit was misread or mistyped. Scan it again, or type it carefully "
        "from the package."
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("30176204220O3", "only digits"),
        ("３０１７６２０４２２００３", "only digits"),  # full-width digits are not ASCII
        ("12345", "5 digits"),
        ("123456789", "9 digits"),
        ("12345678901", "11 digits"),
        ("123456789012345", "15 digits"),
        ("123456", "UPC-E"),
        ("1234567", "UPC-E"),
        ("04252615", "check digit"),
        ("-3017620422003", "only digits"),
        ("x" * 500, "…"),
    ],
)
def test_malformed_codes_are_refused(text, fragment):
    with pytest.raises(InvalidGtin) as err:
        Gtin.parse(text)
    assert fragment in str(err.value)


def test_upce_hint_refuses_codes_that_cannot_be_upce():
    with pytest.raises(InvalidGtin, match="not a UPC-E code"):
        Gtin.parse("31234565", symbology="UPCE")


def with_check(body: str) -> str:
    return body + compute_check_digit(body)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("3017620422003", GtinKind.PRODUCT),
        (with_check("212345678901"), GtinKind.RESTRICTED),  # French scale label, prefix 21
        (with_check("021234567890"), GtinKind.RESTRICTED),  # prefix 02
        (with_check("291234500000"), GtinKind.RESTRICTED),  # prefix 29
        (with_check("21234567890"), GtinKind.RESTRICTED),  # UPC-A number system 2
        ("9782070612758", GtinKind.ISBN),
        (with_check("979103230569"), GtinKind.ISBN),
        (with_check("977031784700"), GtinKind.ISSN),
        (with_check("991234567890"), GtinKind.COUPON),
        (with_check("2012345"), GtinKind.RESTRICTED),  # EAN-8 starting with 2
        ("96385074", GtinKind.PRODUCT),
    ],
)
def test_kind_from_gs1_prefix(text, kind):
    assert Gtin.parse(text).kind is kind


@pytest.mark.parametrize(
    ("text", "issued"),
    [
        ("3017620422003", True),  # France
        ("9782070612758", True),  # ISBN
        ("036000291452", True),  # UPC-A: US
        ("05096893", True),  # UPC-E, expanded to a UPC-A
        ("96385074", True),  # EAN-8: another list, taken as issued
        (with_check("192008104500"), True),  # a Japanese book's price code
        (with_check("971101020013"), False),  # 970-976: nobody's
        (with_check("728248001498"), False),  # 729 is Israel, 728 nobody's
        (with_check("150000000000"), False),  # 140-199: nobody's
        (with_check("985123456789"), False),  # after the coupons
    ],
)
def test_prefix_issued_follows_the_gs1_list(text, issued):
    assert Gtin.parse(text).prefix_issued is issued


def test_looks_like_barcode():
    assert looks_like_barcode("3017620422003")
    assert looks_like_barcode("3017620422004")  # invalid, but meant as a barcode
    assert not looks_like_barcode("lait")
    assert not looks_like_barcode("12")
    assert not looks_like_barcode("7 up")


@given(st.text(alphabet="0123456789", min_size=7, max_size=13))
def test_every_body_with_its_check_digit_parses_and_any_other_digit_fails(body):
    code = body + compute_check_digit(body)
    if len(code) in (9, 10, 11):
        return
    gtin = Gtin.parse(code)
    assert gtin.digits == code.zfill(14)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    if len(code) == 8 and wrong[0] in "01":
        return  # may be a valid UPC-E: covered by the UPC-E tests
    with pytest.raises(InvalidGtin, match="check digit"):
        Gtin.parse(wrong)


def test_a_symbology_that_is_no_gtin_family_is_no_hint():
    assert Gtin.parse("3017620422003", symbology="QRCODE").symbology is Symbology.EAN13
    with pytest.raises(InvalidGtin, match="check digit"):
        Gtin.parse("3017620422004", symbology="CODE128")
