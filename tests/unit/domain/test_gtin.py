from __future__ import annotations

import pytest

from mockserver.domain.gtin import normalize_gtin


@pytest.mark.parametrize(
    ("given", "gtin14"),
    [
        ("96385074", "00000096385074"),
        ("012345678905", "00012345678905"),
        ("4006381333931", "04006381333931"),
        ("00012345678905", "00012345678905"),
    ],
)
def test_every_gtin_form_normalizes_to_gtin14(given: str, gtin14: str) -> None:
    assert normalize_gtin(given) == gtin14


@pytest.mark.parametrize(
    "text",
    [
        "1234567",
        "123456789",
        "1234567890",
        "12345678901",
        "1" * 15,
        "",
        "0001234567890a",
        "١٢٣٤٥٦٧٨",
    ],
)
def test_other_lengths_and_non_digits_are_no_gtin(text: str) -> None:
    assert normalize_gtin(text) is None
