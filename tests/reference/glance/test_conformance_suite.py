"""The Cloud Images conformance suite against a real Glance 33: every finding it makes there
must be one known_findings.yaml explains (a Glance bug, or a place where the contract is
stricter than Glance)."""

from __future__ import annotations

import fnmatch
import pathlib
from dataclasses import dataclass

import httpx
import pytest
import yaml

from conformance.cloud_images.suite import CloudImagesSuite
from conformance.cloud_images.target import CloudImagesTarget
from conformance.findings import Finding
from conformance.runner import RunConfig, run

from .server import DEMO, OTHER

pytestmark = pytest.mark.slow

KNOWN_FINDINGS = pathlib.Path(__file__).with_name("known_findings.yaml")
SEED = 20261130
EXAMPLES = 10
REQUEST_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class KnownFinding:
    """A rule broken at operations (shell-style patterns) with a message containing `says`."""

    rule: str
    operations: tuple[str, ...]
    says: str
    verdict: str
    reason: str

    def explains(self, finding: Finding) -> bool:
        return (
            finding.rule == self.rule
            and any(fnmatch.fnmatchcase(finding.operation, pattern) for pattern in self.operations)
            and self.says in finding.message
        )


def load_known_findings() -> list[KnownFinding]:
    entries = yaml.safe_load(KNOWN_FINDINGS.read_text(encoding="utf-8")) or []
    return [
        KnownFinding(
            entry["rule"],
            tuple(entry["operations"]),
            entry.get("says", ""),
            entry["verdict"],
            entry["reason"].strip(),
        )
        for entry in entries
    ]


def test_the_suite_finds_only_known_faults_in_glance(glance_url: str) -> None:
    suite = CloudImagesSuite(CloudImagesTarget(DEMO.token, OTHER.token))
    config = RunConfig(suite=suite, max_examples=EXAMPLES, seed=SEED, shrink=False)
    with httpx.Client(base_url=glance_url + "/v2", timeout=REQUEST_TIMEOUT_SECONDS) as http:
        report = run(config, http)
    known = load_known_findings()

    unexplained = [f for f in report.findings if not any(k.explains(f) for k in known)]

    assert report.examples > 0
    assert unexplained == [], "\n\n".join(finding.render() for finding in unexplained)
