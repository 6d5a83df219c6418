"""Noise learned as Diffy learns it: where two instances of the reference (or the same one,
sent the same requests) disagree with each other, a difference says nothing about the
candidate."""

from __future__ import annotations

from collections.abc import Sequence

from .differences import Difference


def noisy_places(between_references: Sequence[Difference]) -> set[tuple[str, str]]:
    """The operations and aspects where the two references disagreed."""
    return {difference.place for difference in between_references}


def without_noise(
    differences: Sequence[Difference], noisy: set[tuple[str, str]]
) -> tuple[list[Difference], list[Difference]]:
    """The differences at places the references agree on, and those that are noise."""
    real = [difference for difference in differences if difference.place not in noisy]
    noise = [difference for difference in differences if difference.place in noisy]
    return real, noise
