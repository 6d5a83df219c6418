"""The compared steps' disagreements as a report lists them: one entry per side, operation
and aspect (array places generalised), with its first occurrence in full, both answers, and
how to send each side's requests again."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..client import Exchange
from ..findings import printable
from ..replay import Spelling, sequence_script
from .mirroring import ComparedStep

ARRAY_PLACE = re.compile(r"/\d+(?=/|$)")


def general_aspect(aspect: str) -> str:
    """The aspect with array places as `*` (`body /data/*/title`): the same difference at
    another place in a listing."""
    return ARRAY_PLACE.sub("/*", aspect)


@dataclass(frozen=True)
class Difference:
    """What the reference and another side answered differently, first seen at one step."""

    side: str
    step: str
    aspect: str
    """As first seen (`body /data/2/title`)."""
    reference: str
    other: str
    sequence: int
    number: int
    reference_curl: str
    other_curl: str
    reference_script: str
    other_script: str
    occurrences: int = 1

    @property
    def place(self) -> tuple[str, str]:
        """Where the difference is, whatever the array place: what noise and known
        differences are matched on."""
        return self.step, general_aspect(self.aspect)


def differences_of(
    compared: Sequence[ComparedStep], side: str, spellings: Sequence[Spelling] = ()
) -> list[Difference]:
    """One `Difference` per place where `side` disagreed, first occurrence first."""
    first: dict[tuple[str, str], tuple[ComparedStep, int]] = {}
    counts: dict[tuple[str, str], int] = {}
    for step in compared:
        if step.side != side:
            continue
        for place_in_step, disagreement in enumerate(step.disagreements):
            place = (step.step, general_aspect(disagreement.aspect))
            counts[place] = counts.get(place, 0) + 1
            first.setdefault(place, (step, place_in_step))
    found = []
    for place, (step, place_in_step) in first.items():
        disagreement = step.disagreements[place_in_step]
        found.append(
            Difference(
                side=side,
                step=step.step,
                aspect=disagreement.aspect,
                reference=printable(disagreement.ours),
                other=printable(disagreement.theirs),
                sequence=step.sequence,
                number=step.number,
                reference_curl=printable(step.ours.curl()),
                other_curl=printable(step.their_curl),
                reference_script=script(step.our_sequence, spellings),
                other_script=script(step.their_sequence, spellings),
                occurrences=counts[place],
            )
        )
    return found


def script(exchanges: Sequence[Exchange], spellings: Sequence[Spelling]) -> str:
    """The sequence's requests as one shell script, whose last answer is the one that
    differs."""
    text = sequence_script(exchanges, spellings)
    return printable(text.replace("the last answer broke the rule.", "the last answer differs."))


def steps_compared(compared: Sequence[ComparedStep]) -> set[str]:
    """The operations the comparison sent at least once."""
    return {step.step for step in compared}
