"""Which reads may be reported: pure rules on plain values, no image needed."""

from __future__ import annotations

from device.barcode.confirm import (
    CLEAN_ZBAR_QUALITY,
    CLEAN_ZBAR_SPAN_PX,
    DecodedCode,
    confirm,
    observe,
    survives_cross_check,
)
from device.barcode.engines import Engine, Format, RawRead


def zbar(text, fmt=Format.EAN13, quality=CLEAN_ZBAR_QUALITY):
    return RawRead(fmt, text, Engine.ZBAR, quality, width_px=CLEAN_ZBAR_SPAN_PX)


def zxing(text, fmt=Format.EAN13):
    return RawRead(fmt, text, Engine.ZXING, 0)


def observed(*pairs):
    return [obs for raw, step in pairs if (obs := observe(raw, step)) is not None]


def test_a_code_failing_its_check_digit_is_never_observed():
    assert observe(zbar("4006381333932"), "as-is") is None  # check digit should be 1
    assert observe(zbar("4006381333931"), "as-is") is not None
    assert observe(zxing("05096894", Format.UPCE), "as-is") is None


def test_a_upce_of_number_system_1_is_never_observed():
    # the left half of EAN-13 3521158171376 reads as UPC-E 1-521158-3, check digit valid
    assert observe(zxing("15211583", Format.UPCE), "as-is") is None
    assert observe(zbar("15211583", Format.UPCE), "as-is") is None


def test_one_clean_zbar_read_is_enough():
    assert confirm(observed((zbar("4006381333931"), "as-is"))) == [
        DecodedCode(Format.EAN13, "4006381333931")
    ]


def test_a_clean_read_must_hold_along_the_bars_not_just_on_many_lines():
    # 40 lines on a symbol 400 px wide: a thin streak of a large code, not a clean read
    streak = RawRead(Format.EAN13, "4006381333931", Engine.ZBAR, 40, width_px=400)
    assert confirm(observed((streak, "as-is"))) == []
    solid = RawRead(Format.EAN13, "4006381333931", Engine.ZBAR, 60, width_px=400)
    assert confirm(observed((solid, "as-is"))) == [DecodedCode(Format.EAN13, "4006381333931")]


def test_a_clean_read_must_span_the_whole_symbol_not_end_at_its_centre():
    # 45 lines whose reads all ended within 11 px: halves pieced together at the centre
    # guard (a tilted dev UPC-A read 036602301481 for 036602301467 this way)
    pieced = RawRead(Format.UPCA, "036602301481", Engine.ZBAR, 45, width_px=11)
    assert confirm(observed((pieced, "regions"))) == []
    whole = RawRead(Format.UPCA, "036602301481", Engine.ZBAR, 45, width_px=CLEAN_ZBAR_SPAN_PX)
    assert confirm(observed((whole, "regions"))) == [DecodedCode(Format.UPCA, "036602301481")]


def test_one_weak_zbar_read_is_not_enough():
    weak = zbar("4006381333931", quality=CLEAN_ZBAR_QUALITY - 1)
    assert confirm(observed((weak, "as-is"))) == []


def test_one_zxing_read_of_a_linear_code_is_not_enough():
    assert confirm(observed((zxing("4006381333931"), "as-is"))) == []


def test_two_engines_agreeing_confirm_even_across_forms_and_steps():
    # zxing-cpp reports UPC-A as a 13-digit EAN-13; zbar as 12-digit UPC-A: one code
    reads = observed(
        (zbar("036602301467", Format.UPCA, quality=3), "as-is"),
        (zxing("0036602301467"), "clahe+up2x"),
    )
    assert confirm(reads) == [DecodedCode(Format.UPCA, "036602301467")]


def test_a_zero_led_ean13_is_named_upca_as_printed():
    reads = observed((zxing("0027011006951"), "as-is"), (zxing("0027011006951"), "sharpen"))
    assert confirm(reads) == [DecodedCode(Format.UPCA, "027011006951")]


def test_upce_keeps_its_eight_printed_digits():
    reads = observed(
        (zbar("05096893", Format.UPCE), "as-is"), (zxing("05096893", Format.UPCE), "as-is")
    )
    assert confirm(reads) == [DecodedCode(Format.UPCE, "05096893")]
    assert confirm(reads)[0].gtin.digits == "00050968000093"


def test_a_short_symbol_read_cleanly_by_zbar_alone_is_not_enough():
    # the left half of an EAN-13 has a UPC-E's layout: zbar reads one on every line
    for text, fmt in (("01241174", Format.UPCE), ("96385074", Format.EAN8)):
        clean = zbar(text, fmt, quality=76)
        assert confirm(observed((clean, "regions"))) == []
        # nor at a second step: only another engine confirms it
        assert confirm(observed((clean, "regions"), (zbar(text, fmt), "as-is"))) == []
        assert confirm(observed((clean, "regions"), (zxing(text, fmt), "regions"))) == [
            DecodedCode(fmt, text)
        ]


def test_a_code_in_a_gs1_prefix_issued_to_nobody_is_never_reported_but_contests():
    nobodys = "9711010200137"  # zbar's read of a dev UPC-A cut off by the frame
    both = observed((zbar(nobodys), "as-is"), (zxing(nobodys), "as-is"))
    assert confirm(both) == []
    clean = (zbar("4006381333931"), "as-is")
    assert confirm(observed(clean)) == [DecodedCode(Format.EAN13, "4006381333931")]
    assert confirm(observed(clean, (zbar(nobodys), "sharpen"))) == []


def test_two_steps_agreeing_confirm_only_when_uncontested():
    same_twice = [(zxing("4006381333931"), "as-is"), (zxing("4006381333931"), "sharpen")]
    assert confirm(observed(*same_twice)) == [DecodedCode(Format.EAN13, "4006381333931")]
    other = (zxing("5449000000996"), "sharpen")
    assert confirm(observed(*same_twice, other)) == []


def test_the_contrast_copy_of_the_regions_is_not_a_second_step():
    # its bars are the ones clahe+up2x already equalised: a zbar misread repeats there
    weak = zbar("4006381333931", quality=CLEAN_ZBAR_QUALITY - 1)
    assert confirm(observed((weak, "clahe+up2x"), (weak, "regions+clahe"))) == []
    assert confirm(observed((weak, "clahe+up2x"), (weak, "regions"))) == [
        DecodedCode(Format.EAN13, "4006381333931")
    ]
    # with another engine, or read cleanly, it still counts
    assert confirm(observed((weak, "regions+clahe"), (zxing("4006381333931"), "as-is")))
    assert confirm(observed((zbar("4006381333931"), "regions+clahe")))


def test_the_turns_of_the_image_are_one_step():
    # the same image resampled: a misread from the code's own distortion repeats in each
    weak = zbar("4006381333931", quality=2)
    turns = [(weak, "rotate+45"), (weak, "rotate-45"), (weak, "rotate-22.5")]
    assert confirm(observed(*turns)) == []
    assert confirm(observed(*turns, (weak, "sharpen"))) == [
        DecodedCode(Format.EAN13, "4006381333931")
    ]
    assert confirm(observed((weak, "rotate-45"), (zxing("4006381333931"), "rotate+45")))


def test_two_steps_wait_until_every_engine_had_its_say():
    reads = observed((zxing("4006381333931"), "as-is"), (zxing("4006381333931"), "sharpen"))
    assert confirm(reads, step_complete=False) == []


def test_a_qr_or_datamatrix_read_stands_alone():
    reads = observed(
        (RawRead(Format.QR, "http://example.org", Engine.ZXING, 0), "as-is"),
        (RawRead(Format.DATAMATRIX, "http://google.com/m", Engine.ZXING, 0), "as-is"),
    )
    assert [code.format for code in confirm(reads)] == [Format.QR, Format.DATAMATRIX]
    assert confirm(reads)[0].gtin is None


def test_an_empty_2d_payload_is_ignored():
    assert observe(RawRead(Format.QR, "", Engine.ZBAR, 1), "as-is") is None


def opencv(text, fmt=Format.EAN13):
    return RawRead(fmt, text, Engine.OPENCV, 0)


def test_opencv_seconds_another_engine():
    reads = observed((zxing("4006381333931"), "as-is"), (opencv("4006381333931"), "as-is"))
    assert confirm(reads) == [DecodedCode(Format.EAN13, "4006381333931")]


def test_opencv_alone_never_reports_even_over_two_steps():
    reads = observed(
        (opencv("96385074", Format.EAN8), "as-is"), (opencv("96385074", Format.EAN8), "sharpen")
    )
    assert confirm(reads) == []


def test_another_code_read_by_opencv_contests_one_engine_reads():
    # zxing-cpp read the same wrong EAN-13 at two steps of a dev photo shrunk into a scene,
    # while OpenCV read the true code: the disagreement must stop the two-step rule
    two_steps = [(zxing("4006381333931"), "as-is"), (zxing("4006381333931"), "clahe+up2x")]
    assert confirm(observed(*two_steps, (opencv("5449000000996"), "clahe+up2x"))) == []
    clean = (zbar("4006381333931"), "as-is")
    assert confirm(observed(clean, (opencv("96385074", Format.EAN8), "as-is"))) == []


def test_two_engines_agreeing_still_confirm_against_an_opencv_read():
    reads = observed(
        (zbar("4006381333931"), "as-is"),
        (zxing("4006381333931"), "as-is"),
        (opencv("96385074", Format.EAN8), "as-is"),
    )
    assert confirm(reads) == [DecodedCode(Format.EAN13, "4006381333931")]


def test_a_cross_check_reading_another_ean13_contests_what_two_engines_agreed_on():
    # the upca-4 label: both engines read 9074932437075, the smoothed look the printed code
    agreed = confirm(observed((zbar("9074932437075"), "as-is"), (zxing("9074932437075"), "as-is")))
    assert agreed == [DecodedCode(Format.EAN13, "9074932437075")]
    smoothed = observed((zxing("0023942431015"), "cross-check"))
    assert survives_cross_check(agreed, smoothed) == []


def test_a_cross_check_reading_the_same_code_or_nothing_contests_nothing():
    agreed = [DecodedCode(Format.UPCA, "023942431015")]
    same_as_ean13 = observed((zxing("0023942431015"), "cross-check"))
    assert survives_cross_check(agreed, same_as_ean13) == agreed
    assert survives_cross_check(agreed, []) == agreed


def test_a_cross_check_never_adds_a_code_and_leaves_2d_codes_alone():
    qr = DecodedCode(Format.QR, "http://example.org")
    ean = DecodedCode(Format.EAN13, "4006381333931")
    other = observed((zxing("9074932437075"), "cross-check"))
    assert survives_cross_check([qr, ean], other) == [qr]
    assert survives_cross_check([qr], other) == [qr]


def test_the_steps_the_rules_name_are_steps_of_the_cascade():
    # the rules name steps by their strings: a renamed step would silently drop out
    from device.barcode.cascade import PHOTO_STEPS
    from device.barcode.confirm import NOT_A_SECOND_STEP, ONE_LOOK

    names = {step.name for step in PHOTO_STEPS}
    assert names >= set(ONE_LOOK)
    assert names >= NOT_A_SECOND_STEP


def test_two_steps_of_one_engine_do_not_confirm_a_short_code():
    # dev photos held away in a webcam frame: zxing-cpp read the same wrong UPC-E 02991100
    # (printed: 04965802) at two looks at the same small bars, zbar 02212166 from UPC-A bars
    twice = [(zxing("02991100", Format.UPCE), "as-is"), (zxing("02991100", Format.UPCE), "sharpen")]
    assert confirm(observed(*twice)) == []
    by_zbar = [(zbar("02212166", Format.UPCE, quality=3), step) for step in ("as-is", "sharpen")]
    assert confirm(observed(*by_zbar)) == []
    # both engines still confirm one
    both = [twice[0], (zbar("02991100", Format.UPCE, quality=3), "as-is")]
    assert confirm(observed(*both)) == [DecodedCode(Format.UPCE, "02991100")]
    # and two steps of one engine still confirm a 13-digit code
    long_twice = [(zxing("4006381333931"), "as-is"), (zxing("4006381333931"), "sharpen")]
    assert confirm(observed(*long_twice)) == [DecodedCode(Format.EAN13, "4006381333931")]
