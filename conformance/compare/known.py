"""Known, accepted differences, in the format of the Glance reference run's file: a list of
entries, each with the steps (operations, as the report names them), the aspects that
differ there (shell-style patterns allowed in both), and why.

```yaml
- steps: ['POST /images']
  aspects: [body /message, 'body /images/*/tags/*']
  reason: 'Glance words its messages its own way.'
```

An entry's step and aspect that the run compared without finding that difference is stale;
one whose step the run never sent is only unreached (generated sequences need not send
every operation).
"""

from __future__ import annotations

import fnmatch
import pathlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import yaml

from .differences import Difference


class KnownDifferencesError(Exception):
    """The file is not a list of entries with `steps`, `aspects` and `reason`."""


@dataclass(frozen=True)
class KnownDifference:
    steps: tuple[str, ...]
    aspects: tuple[str, ...]
    reason: str

    def explains(self, difference: Difference) -> bool:
        step, aspect = difference.place
        return any(fnmatch.fnmatchcase(step, pattern) for pattern in self.steps) and any(
            fnmatch.fnmatchcase(aspect, pattern) or fnmatch.fnmatchcase(difference.aspect, pattern)
            for pattern in self.aspects
        )


@dataclass(frozen=True)
class StaleEntry:
    step: str
    aspect: str
    reason: str


@dataclass(frozen=True)
class Verdict:
    unexplained: list[Difference]
    explained: list[tuple[Difference, str]]
    """Each explained difference with the reason its entry gives."""
    stale: list[StaleEntry]
    unreached: list[StaleEntry]


def load_known_differences(path: pathlib.Path) -> list[KnownDifference]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise KnownDifferencesError(f"{path}: not a list of entries")
    known = []
    for place, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or set(entry) != {"steps", "aspects", "reason"}:
            raise KnownDifferencesError(
                f"{path}: entry {place} needs exactly `steps`, `aspects` and `reason`"
            )
        known.append(
            KnownDifference(
                tuple(str(step) for step in entry["steps"]),
                tuple(str(aspect) for aspect in entry["aspects"]),
                str(entry["reason"]).strip(),
            )
        )
    return known


def judge(
    differences: Sequence[Difference], known: Sequence[KnownDifference], sent: Iterable[str]
) -> Verdict:
    """Which differences the entries explain, and which entries explain nothing the run
    sent (stale) or name steps it never sent (unreached)."""
    sent_steps = set(sent)
    unexplained: list[Difference] = []
    explained: list[tuple[Difference, str]] = []
    for difference in differences:
        entry = next((entry for entry in known if entry.explains(difference)), None)
        if entry is None:
            unexplained.append(difference)
        else:
            explained.append((difference, entry.reason))
    stale: list[StaleEntry] = []
    unreached: list[StaleEntry] = []
    for entry in known:
        for step in entry.steps:
            reached = any(fnmatch.fnmatchcase(name, step) for name in sent_steps)
            for aspect in entry.aspects:
                matched = any(
                    fnmatch.fnmatchcase(d.step, step)
                    and (
                        fnmatch.fnmatchcase(d.place[1], aspect)
                        or fnmatch.fnmatchcase(d.aspect, aspect)
                    )
                    for d in differences
                )
                if not matched:
                    (stale if reached else unreached).append(StaleEntry(step, aspect, entry.reason))
    return Verdict(unexplained, explained, stale, unreached)
