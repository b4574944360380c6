"""Which three-digit GS1 prefixes are issued: no product carries a GTIN-13 outside them.

A GTIN-13 begins with the prefix of the GS1 member organisation that issued its company
prefix (300-379 France, 400-440 Germany...), or of a special range (restricted
circulation, ISSN, ISBN, coupons). 283 of the 1000 prefixes are issued to nobody, so a
code in one of them was not printed on a product: it is a misread whose check digit
happened to hold. The camera decoder uses this (``device/barcode/confirm.py``).

The ranges are those of the GS1 list of member organisations and special prefixes
(Wikipedia, "List of GS1 country codes", as of September 2025), plus 191-192, which
Japanese books print in a second barcode under their ISBN. GS1 adds a prefix for a new
member now and then: add it here.
"""

from __future__ import annotations

ISSUED_PREFIXES: tuple[tuple[int, int], ...] = (
    (0, 139),  # GS1 US, UPC-A compatible; 020-029 and 040-049 restricted, 050-059 coupons
    (191, 192),  # not GS1's: Japanese books' second barcode (classification and price)
    (200, 299),  # restricted circulation: a shop's own weight and price labels
    (300, 380),  # France and Monaco; 380 Bulgaria
    (383, 383),
    (385, 385),
    (387, 387),
    (389, 390),
    (400, 440),  # Germany
    (450, 471),  # Japan, Russia, Kyrgyzstan, Taiwan
    (474, 499),  # the Baltic states to Hong Kong, Japan
    (500, 509),  # United Kingdom
    (520, 521),
    (528, 531),
    (535, 535),
    (539, 549),  # Ireland, Belgium and Luxembourg
    (560, 560),
    (569, 579),  # Iceland, Denmark
    (590, 590),
    (594, 594),
    (599, 601),  # Hungary, South Africa
    (603, 609),
    (611, 613),
    (615, 632),
    (640, 649),  # Finland
    (680, 681),
    (690, 709),  # China, Norway
    (729, 746),  # Israel, Sweden, Central America
    (750, 750),
    (754, 755),
    (759, 771),  # Venezuela, Switzerland, Colombia
    (773, 773),
    (775, 775),
    (777, 780),
    (784, 784),
    (786, 786),
    (789, 790),
    (800, 850),  # Italy, Spain, Cuba
    (858, 860),
    (865, 865),
    (867, 881),  # North Korea, Turkey, the Netherlands, South Korea
    (883, 885),
    (888, 888),
    (890, 890),
    (893, 894),
    (896, 896),
    (899, 919),  # Indonesia, Austria
    (930, 952),  # Australia, New Zealand, GS1 Global Office, EPC, examples
    (955, 955),
    (958, 958),
    (960, 969),  # GTIN-8 allocations
    (977, 983),  # ISSN, ISBN, refund receipts, coupons
    (990, 999),  # coupons
)


def is_issued(prefix: int) -> bool:
    """Whether the three-digit GS1 prefix ``prefix`` (0-999) is issued to anyone."""
    return any(low <= prefix <= high for low, high in ISSUED_PREFIXES)
