"""The Closient suite's test runs are set up in tests/conformance/conftest.py, which every
test of this folder also sees; `run_config` is named here too, where each contract's tests
package has it (tests/conformance/test_every_rule_is_caught.py looks for it)."""

from __future__ import annotations

from ..conftest import run_config

__all__ = ["run_config"]
