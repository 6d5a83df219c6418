"""Answers a deployment's front end gives instead of the target: a proxy refusing a body, a
request line or headers too large for it (413, 414, 431), a gateway whose upstream is away
(502, 503, 504, already asked again by the client). Unless the contract itself gives the
operation that status, such an answer says nothing about the target's contract, so no rule
judges it; the run reports how many there were."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .documents import OperationIndex

FRONT_END_STATUSES = frozenset({413, 414, 431, 502, 503, 504})


def answered_by_front_end(index: OperationIndex, method: str, path: str, status: int) -> bool:
    return status in FRONT_END_STATUSES and status not in index.documented_statuses(method, path)


def front_end_note(statuses: Iterable[int]) -> str | None:
    """What the user is told about the answers left unjudged; None when there were none."""
    counted = Counter(statuses)
    if not counted:
        return None
    spelled = ", ".join(f"{count} of {status}" for status, count in sorted(counted.items()))
    return (
        f"{sum(counted.values())} answers ({spelled}) came from the deployment's front end "
        "(a proxy or gateway, not the contract) and were not judged"
    )
