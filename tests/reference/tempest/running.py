"""One Tempest run: a workspace with its `tempest.conf` and pre-provisioned accounts, the
image v2 tests against one identity endpoint (whose catalog names the Images API under
test), and each test's outcome as Tempest reported it."""

from __future__ import annotations

import pathlib
import re
import subprocess
from dataclasses import dataclass

from .accounts import accounts_yaml

TESTS = r"^tempest\.api\.image\.v2\."
RUN_TIMEOUT_SECONDS = 900
# subunit-trace's line for a test, or for a class whose set-up failed or skipped:
# "{0} tempest.api....test_x [0.01s] ... ok",
# "{0} setUpClass (tempest.api....Class) ... SKIPPED: why"
OUTCOME = re.compile(
    r"^\{\d+\} (?P<test>\S+(?: \([^)]*\))?)(?: \[[^\]]*\])? \.\.\. "
    r"(?P<status>ok|FAILED|SKIPPED)(?:: (?P<reason>.*))?$"
)


@dataclass(frozen=True)
class Outcome:
    status: str
    """`ok`, `FAILED` or `SKIPPED`."""
    reason: str = ""
    """Why it was skipped."""


@dataclass(frozen=True)
class TempestRun:
    outcomes: dict[str, Outcome]
    output: str

    def failure_text(self, test: str, width: int = 3000) -> str:
        """The part of the run's output that tells why `test` failed."""
        start = self.output.find(test)
        return self.output[start : start + width] if start >= 0 else ""


def tempest_conf(workspace: pathlib.Path, identity_url: str, qcow2_url: str) -> str:
    return f"""\
[DEFAULT]
log_dir = {workspace}/logs
log_file = tempest.log

[oslo_concurrency]
lock_path = {workspace}/tempest_lock

[auth]
use_dynamic_credentials = false
test_accounts_file = {workspace}/etc/accounts.yaml
default_credentials_domain_name = Default
create_isolated_networks = false

[identity]
uri_v3 = {identity_url}/v3
auth_version = v3
region = RegionOne

[service_available]
glance = true
nova = false
cinder = false
neutron = false
swift = false

[image-feature-enabled]
api_v2 = true
import_image = true

[image]
http_qcow2_image = {qcow2_url}

[enforce_scope]
glance = true
"""


def run_tempest(
    venv: pathlib.Path, workspace: pathlib.Path, identity_url: str, qcow2_url: str
) -> TempestRun:
    """Tempest's image v2 tests, one at a time, against the cloud behind `identity_url`;
    web-download imports `qcow2_url`."""
    tempest = str(venv / "bin" / "tempest")
    # Its registry of workspaces beside it, not in the user's home.
    registry = workspace.parent / f"{workspace.name}-workspaces.yaml"
    subprocess.run(
        [tempest, "init", "--workspace-path", str(registry), str(workspace)],
        capture_output=True,
        check=True,
        timeout=120,
    )
    (workspace / "etc" / "accounts.yaml").write_text(accounts_yaml())
    conf = tempest_conf(workspace, identity_url, qcow2_url)
    (workspace / "etc" / "tempest.conf").write_text(conf)
    done = subprocess.run(
        [
            tempest,
            "run",
            "--config-file",
            "etc/tempest.conf",
            "--regex",
            TESTS,
            "--concurrency",
            "1",
        ],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
        check=False,
    )
    return TempestRun(outcomes_of(done.stdout), done.stdout + done.stderr)


def outcomes_of(output: str) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    for line in output.splitlines():
        found = OUTCOME.match(line.rstrip())
        if found:
            outcomes[found["test"]] = Outcome(found["status"], found["reason"] or "")
    return outcomes


def differences(reference: TempestRun, candidate: TempestRun) -> list[str]:
    """Each test that passes on the reference and not on the candidate, or that skips on
    the reference for another reason than on the candidate (or only on one side)."""
    found = []
    for test, expected in sorted(reference.outcomes.items()):
        got = candidate.outcomes.get(test, Outcome("missing"))
        if expected.status == "ok" and got.status != "ok":
            found.append(f"{test}: passes on the reference, {got.status} on the candidate")
        elif (expected.status == "SKIPPED") != (got.status == "SKIPPED") or (
            expected.status == "SKIPPED" and expected.reason != got.reason
        ):
            found.append(
                f"{test}: {expected.status} {expected.reason!r} on the reference,"
                f" {got.status} {got.reason!r} on the candidate"
            )
    return found
