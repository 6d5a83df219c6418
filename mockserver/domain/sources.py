"""Where the domain takes the time and new identifiers from.

A running mock reads the real clock and draws random UUIDs; `create_app` hands both down
to every part that needs them, so a test can give two mocks the same clock and the same
sequence of ids and compare what they answer byte for byte.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

Clock = Callable[[], datetime]
IdSource = Callable[[], uuid.UUID]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Sources:
    clock: Clock = utc_now
    new_id: IdSource = uuid.uuid4

    def epoch_seconds(self) -> float:
        """The clock as Unix time, for the rate limiter's windows."""
        return self.clock().timestamp()
