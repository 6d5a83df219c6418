"""The contracts the suite can judge a target against, by the name users give them."""

from __future__ import annotations

from .closient.suite import ClosientSuite
from .suite import SuiteFactory

SUITES: dict[str, SuiteFactory] = {
    ClosientSuite.name: ClosientSuite,
}
DEFAULT_CONTRACT = ClosientSuite.name
