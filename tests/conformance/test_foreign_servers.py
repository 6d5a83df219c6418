"""The Closient suite against a server no one here wrote: Stoplight Prism 5 mocking the
published contract, in its static mode (the same example answers every time) and its
dynamic mode (random answers, random PNG bytes). Neither conforms; each run must end in
exit 1 with the broken rules named, a JUnit report an XML parser reads, and text output.

Prism is installed with npm into bench/.prism on first use (as `make bench` does)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from bench.targets import SPEC, PrismUnavailable, ensure_prism
from tests.demo import CONTRIBUTOR_KEY, DEMO_ORG, GTIN
from tests.real_servers import serving

pytestmark = pytest.mark.slow

MODES = {"static": [], "dynamic": ["--dynamic"]}


@pytest.fixture(scope="module")
def prism() -> Path:
    try:
        return ensure_prism()
    except PrismUnavailable as error:
        pytest.fail(f"Stoplight Prism could not be installed, so it cannot be judged: {error}")


@pytest.fixture(scope="module", params=sorted(MODES))
def prism_url(prism: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    with serving(
        lambda port: [
            *(str(prism), "mock", *MODES[request.param], "-h", "127.0.0.1", "-p", str(port)),
            str(SPEC),
        ]
    ) as (base_url, _):
        yield base_url


def options(base_url: str, prefix: str = "--") -> list[str]:
    given = {
        "base-url": base_url,
        "api-key": CONTRIBUTOR_KEY,
        "organization": DEMO_ORG,
        "gtin": GTIN,
        "seed": "7",
        "max-examples": "5",
    }
    return [part for name, value in given.items() for part in (f"{prefix}{name}", value)]


def broken_rules_in(summary: str) -> list[str]:
    line = next(line for line in summary.splitlines() if line.startswith("DOES NOT CONFORM"))
    return line.partition("broken rules: ")[2].split(", ")


def test_the_cli_ends_in_exit_1_naming_rules_with_a_valid_junit_report(
    prism_url: str, tmp_path: Path
) -> None:
    junit = tmp_path / "junit.xml"
    result = subprocess.run(
        [sys.executable, "-m", "conformance", *options(prism_url), "--junit-xml", str(junit)],
        capture_output=True,
        timeout=600,
    )

    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert result.returncode == 1, out + err
    assert "Traceback" not in err
    rules = broken_rules_in(out)
    assert "response_schema_conformance" in rules
    assert all(line.isprintable() for line in out.splitlines()), "control characters in stdout"
    suite = ElementTree.parse(junit).getroot()
    failed = sorted(
        case.get("name", "") for case in suite.iter("testcase") if case.find("failure") is not None
    )
    assert failed == sorted(rules)


def test_pytest_judges_the_target_once_for_all_rule_items(prism_url: str, tmp_path: Path) -> None:
    junit = tmp_path / "junit.xml"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
            *options(prism_url, "--conformance-"),
            *("--junitxml", str(junit)),
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=600,
    )

    assert result.returncode == 1
    cases = list(ElementTree.parse(junit).getroot().iter("testcase"))
    failed = [case for case in cases if case.find("failure") is not None]
    assert 0 < len(failed) < len(cases)
    assert not any("Traceback" in (case.findtext("failure") or "") for case in failed)
    # The first item judges the target; the others read its report at once.
    assert sum(float(case.get("time", "0")) > 1.0 for case in cases) == 1
