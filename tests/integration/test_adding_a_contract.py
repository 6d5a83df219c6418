"""The README's "Adding a contract", followed to the letter: a fourth contract (`acme`, in
tests/fixtures/acme_contract/: its document, domain, adapter, suite, broken servers and
tests, at the paths the README names) is added to a copy of the project with the
registration lines the README gives, and the copy's own tests of it pass: the mock serves
it over HTTP, its suite passes on the mock and fails on each broken server naming the
rule, and the guards every contract meets (every rule has a broken server, every domain
error a row, no vendor name outside its package, the gallery page, the validated
documents) hold with four contracts."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
from xml.etree import ElementTree

import pytest

from mockserver.contract_documents import document_digest, read_document

PROJECT = pathlib.Path(__file__).resolve().parents[2]
ACME = PROJECT / "tests" / "fixtures" / "acme_contract"
README = PROJECT / "README.md"
COPIED = ("mockserver", "conformance", "spec", "tests", "bench", "pyproject.toml")
CHECKS = (
    "tests/integration/acme",
    "tests/conformance/acme/test_mock_conforms.py",
    "tests/conformance/acme/test_broken_servers.py"
    "::test_suite_names_the_broken_rule[NewestImageNotListed]",
    "tests/conformance/test_every_rule_is_caught.py",
    "tests/unit/test_served_contracts.py",
    "tests/unit/adapters/test_error_tables.py",
    "tests/unit/frontend/test_gallery_page.py",
    "tests/unit/test_no_vendor_names.py",
    "tests/integration/test_contract_document.py"
    "::test_the_validated_digests_are_those_of_the_contract_documents_as_they_pass",
)

pytestmark = pytest.mark.slow  # a copy of the project, and its tests run in a process of their own


def the_readmes_files() -> set[str]:
    """The files of `acme` the README's "Adding a contract" lists, from its summary."""
    section = README.read_text(encoding="utf-8").split("## Adding a contract", 1)[1]
    listing = re.search(r"```text\n(.*?)```", section, re.DOTALL)
    assert listing is not None, "the section ends with the list of a contract's files"
    return {line.split()[0] for line in listing.group(1).splitlines() if line.strip()}


def acme_files() -> set[str]:
    return {
        path.relative_to(ACME).as_posix()
        for path in ACME.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def register(path: pathlib.Path, import_line: str, listed: str, listing: str) -> None:
    """`import_line` after the module's last import, `listed` as the last entry of `listing`
    (a tuple or dict display closed by a line of its own)."""
    text = path.read_text(encoding="utf-8")
    imports = list(re.finditer(r"^from \.\S* import .+$", text, re.MULTILINE))
    after = [found for found in imports if found.group(0) > import_line]
    at = after[0].start() if after else imports[-1].end() + 1
    text = text[:at] + import_line + "\n" + text[at:]
    opened = text.index(listing)
    closed = text.index("\n}" if text[opened:].split("\n", 1)[0].endswith("{") else "\n)", opened)
    text = text[:closed] + f"\n    {listed}" + text[closed:]
    path.write_text(text, encoding="utf-8")


def add_acme(project: pathlib.Path) -> None:
    """The README's steps: the files, then the registrations."""
    shutil.copytree(ACME, project, dirs_exist_ok=True)
    register(
        project / "mockserver" / "served_contracts.py",
        "from .adapters.acme.plugin import PLUGIN as ACME",
        "ACME,",
        "SERVED_CONTRACTS:",
    )
    register(
        project / "conformance" / "contract_suites.py",
        "from .acme.suite import AcmeSuite",
        "AcmeSuite.name: AcmeSuite,",
        "SUITES:",
    )
    settings = project / "pyproject.toml"
    layers = settings.read_text(encoding="utf-8")
    last_layer = re.compile(r'^(    "conformance\.closient \|[^"]*)"', re.MULTILINE)
    assert last_layer.search(layers), "the suite's import contract lists its contract packages"
    settings.write_text(last_layer.sub(r'\1 | conformance.acme"', layers), encoding="utf-8")
    document = project / "spec" / "acme" / "openapi.yaml"
    with (project / "spec" / "validated.sha256").open("a", encoding="utf-8") as digests:
        digests.write(f"{document_digest(read_document(document))}  acme/openapi.yaml\n")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    copy = tmp_path_factory.mktemp("project")
    ignored = shutil.ignore_patterns("__pycache__", "fixtures", ".hypothesis")
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=ignored)
        else:
            shutil.copy2(source, copy / name)
    add_acme(copy)
    return copy


def test_the_fixture_holds_the_files_the_readme_lists() -> None:
    assert acme_files() == the_readmes_files()


def test_a_fourth_contract_passes_its_tests_and_the_guards(project: pathlib.Path) -> None:
    report = project / "junit.xml"
    environment = {**os.environ, "PYTHONPATH": str(project), "HYPOTHESIS_PROFILE": "quick"}
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            f"--junitxml={report}",
            *CHECKS,
        ],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert ran.returncode == 0, ran.stdout[-6000:] + ran.stderr[-2000:]
    cases = ElementTree.parse(report).getroot().iter("testcase")
    passed = {case.get("name", "") for case in cases if not list(case)}
    assert "test_suite_names_the_broken_rule[NewestImageNotListed]" in passed
    assert "test_the_mock_conforms" in passed
    assert "test_every_rule_has_a_broken_server[acme]" in passed
