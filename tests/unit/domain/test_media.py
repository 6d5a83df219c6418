from __future__ import annotations

import pytest

from mockserver.domain.media import BMP, GIF, JPEG, PNG, SVG, WEBP, ImageType, sniff_image_type
from tests import images


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (images.png(), PNG),
        (images.JPEG, JPEG),
        (images.GIF, GIF),
        (images.WEBP, WEBP),
        (images.BMP, BMP),
        (images.SVG, SVG),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", SVG),
        (b"\xef\xbb\xbf  <!-- logo --><!DOCTYPE svg><svg:svg xmlns:svg='x'></svg:svg>", SVG),
    ],
)
def test_accepted_types_are_recognised_by_their_bytes(content: bytes, expected: ImageType) -> None:
    assert sniff_image_type(content) == expected


@pytest.mark.parametrize(
    "content",
    [
        images.HTML,
        images.PDF,
        images.TEXT,
        b"",
        b"<svgx/>",
        b"<html><svg/></html>",
        b"GIF8",
        b"BMW and other cars, a plain text file" * 2,
        b"RIFF\x00\x00\x00\x00WAVEfmt ",
    ],
)
def test_other_content_is_not_an_image(content: bytes) -> None:
    assert sniff_image_type(content) is None
