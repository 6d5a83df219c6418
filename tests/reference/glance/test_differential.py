"""The mock against a real Glance 33: the same ordered requests to both, every answer
compared; a difference not in known_differences.yaml fails, and so does a stale entry."""

from __future__ import annotations

import pytest

from tests.file_server import FileServer

from .comparison import Difference, compare
from .exchange import Side, bare_client
from .import_steps import IMPORT_STEPS
from .known_differences import Verdict, judge, load_known_differences
from .metadef_steps import METADEF_STEPS
from .steps import STEPS, Step

pytestmark = pytest.mark.slow

GLANCE_API_PREFIX = "/v2"
# Where the mock serves the Cloud Images API, under its root.
MOCK_API_PREFIX = "/v2"
REQUEST_TIMEOUT_SECONDS = 30
# The images API's steps, then the metadata definitions API's (about 150 requests more),
# then interoperable import's (about 90 more, and the polls while an import runs).
RUN: tuple[Step, ...] = (*STEPS, *METADEF_STEPS, *IMPORT_STEPS)


def run_both(glance_url: str, mock_url: str, files_url: str) -> list[Difference]:
    glance = Side(glance_url, GLANCE_API_PREFIX)
    mock = Side(mock_url, MOCK_API_PREFIX)
    for side in (glance, mock):
        side.names["files"] = files_url  # where web-download fetches from
    differences: list[Difference] = []
    with bare_client(REQUEST_TIMEOUT_SECONDS) as client:
        for step in RUN:
            glance_answer = glance.send(client, step)
            mock_answer = mock.send(client, step)
            differences += compare(step.name, glance_answer, glance, mock_answer, mock)
    return differences


def test_the_run_has_one_name_per_step() -> None:
    names = [step.name for step in RUN]
    assert len(names) == len(set(names))


def test_the_mock_answers_as_glance_does(
    glance_url: str, mock_url: str, import_files: FileServer
) -> None:
    differences = run_both(glance_url, mock_url, import_files.base_url)
    verdict = judge(differences, load_known_differences())
    assert (verdict.unexplained, verdict.stale) == ([], []), report(verdict)


def report(verdict: Verdict) -> str:
    steps = {step.name: step for step in RUN}
    lines = [f"{len(verdict.unexplained)} unexplained differences, {len(verdict.stale)} stale"]
    for difference in verdict.unexplained:
        lines += [
            f"- {difference.step}: {describe(steps[difference.step])}",
            f"    {difference.aspect}",
            f"      Glance: {difference.glance}",
            f"      mock:   {difference.mock}",
        ]
    for step, aspect, reason in verdict.stale:
        lines.append(f"- stale: {step} / {aspect} no longer differs ({reason[:80]})")
    return "\n".join(lines)


def describe(step: Step) -> str:
    who = step.who or "no token"
    return f"{step.method} {step.path} as {who}"
