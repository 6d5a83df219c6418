"""The checked-in list of differences between Glance and the mock that are known, each with
its reason. A difference it does not explain fails the run; so does an entry that explains
nothing any more, so the list stays true."""

from __future__ import annotations

import fnmatch
import pathlib
from dataclasses import dataclass

import yaml

from .comparison import Difference

KNOWN_DIFFERENCES = pathlib.Path(__file__).with_name("known_differences.yaml")


@dataclass(frozen=True)
class KnownDifference:
    """Every step with every aspect; an aspect may be a shell-style pattern
    (`body /images/*/self`)."""

    steps: tuple[str, ...]
    aspects: tuple[str, ...]
    reason: str

    def explains(self, difference: Difference) -> bool:
        return difference.step in self.steps and any(
            fnmatch.fnmatchcase(difference.aspect, aspect) for aspect in self.aspects
        )


@dataclass(frozen=True)
class Verdict:
    unexplained: list[Difference]
    # (step, aspect pattern, reason) of entries that matched no difference of that step
    stale: list[tuple[str, str, str]]


def load_known_differences(path: pathlib.Path = KNOWN_DIFFERENCES) -> list[KnownDifference]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [
        KnownDifference(tuple(entry["steps"]), tuple(entry["aspects"]), entry["reason"].strip())
        for entry in entries
    ]


def judge(differences: list[Difference], known: list[KnownDifference]) -> Verdict:
    unexplained = [d for d in differences if not any(entry.explains(d) for entry in known)]
    stale = [
        (step, aspect, entry.reason)
        for entry in known
        for step in entry.steps
        for aspect in entry.aspects
        if not any(d.step == step and fnmatch.fnmatchcase(d.aspect, aspect) for d in differences)
    ]
    return Verdict(unexplained, stale)
