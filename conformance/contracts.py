"""The contracts the suite can judge a target against, by the name users give them."""

from __future__ import annotations

from .bitrix24.suite import Bitrix24Suite
from .closient.suite import ClosientSuite
from .suite import SuiteFactory

SUITES: dict[str, SuiteFactory] = {
    ClosientSuite.name: ClosientSuite,
    Bitrix24Suite.name: Bitrix24Suite,
}
DEFAULT_CONTRACT = ClosientSuite.name
