"""The example CI files: GitLab's parses and has its two jobs, and every mock command line
in them is one the mock's command line accepts (actionlint checks the GitHub workflows in
make lint)."""

from __future__ import annotations

import pathlib
import re
import shlex

import yaml

from mockserver.cli import parse_args

EXAMPLES = pathlib.Path(__file__).parents[2] / "examples" / "ci"


def test_gitlab_jobs() -> None:
    jobs = yaml.safe_load((EXAMPLES / "gitlab" / ".gitlab-ci.yml").read_text())
    assert set(jobs) == {"frontend-tests", "conformance"}
    assert jobs["conformance"]["artifacts"]["reports"]["junit"] == "conformance.xml"


def test_every_mock_command_line_is_accepted() -> None:
    files = [*EXAMPLES.glob("github-actions/*.yml"), EXAMPLES / "gitlab" / ".gitlab-ci.yml"]
    found = 0
    for path in files:
        for line in re.findall(r"\bmockserver (--[^&>\n]*)", path.read_text()):
            config = parse_args(shlex.split(line))
            assert config.port == 8000, path
            found += 1
    assert found == 2
