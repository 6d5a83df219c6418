"""Problems (RFC 9457) as the HTTP layer sees them, before a contract gives them its shape."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProblemDetails:
    status: int
    error_code: str
    title: str
    detail: str
    retryable: bool = False
    headers: Mapping[str, str] = field(default_factory=dict)
    extensions: Mapping[str, Any] = field(default_factory=dict)


class ProblemRaised(Exception):
    """Carries a ProblemDetails out of a middleware to the exception handler."""

    def __init__(self, problem: ProblemDetails) -> None:
        super().__init__(problem.detail)
        self.problem = problem
