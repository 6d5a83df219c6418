"""The contracts the suite can judge a target against, by the name users give them."""

from __future__ import annotations

from .bitrix24.suite import Bitrix24Suite
from .closient.suite import ClosientSuite
from .cloud_images.suite import CloudImagesSuite
from .suite import SuiteFactory

SUITES: dict[str, SuiteFactory] = {
    ClosientSuite.name: ClosientSuite,
    CloudImagesSuite.name: CloudImagesSuite,
    Bitrix24Suite.name: Bitrix24Suite,
}
DEFAULT_CONTRACT = ClosientSuite.name
