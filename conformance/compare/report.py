"""What a comparison tells a person and a CI server: each unexplained difference with both
answers, a curl command and the sequence's script for each side, and the seed; the noise,
the known differences and the stale entries; a JUnit report."""

from __future__ import annotations

import pathlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree

from .comparison import ComparisonRun
from .differences import Difference, differences_of, steps_compared
from .known import KnownDifference, StaleEntry, judge
from .mirroring import CANDIDATE, SECOND_REFERENCE
from .noise import noisy_places, without_noise


@dataclass
class ComparisonReport:
    contract: str
    run: ComparisonRun
    differences: list[Difference] = field(default_factory=list)
    """The candidate's differences that nothing explains."""
    noise: list[Difference] = field(default_factory=list)
    explained: list[tuple[Difference, str]] = field(default_factory=list)
    stale: list[StaleEntry] = field(default_factory=list)
    unreached: list[StaleEntry] = field(default_factory=list)

    @property
    def agrees(self) -> bool:
        """No unexplained difference, and no known difference that is no longer one."""
        return not self.differences and not self.stale

    @property
    def steps(self) -> int:
        return sum(1 for step in self.run.compared if step.side == CANDIDATE)


def report_of(
    run: ComparisonRun, contract: str, known: Sequence[KnownDifference] = ()
) -> ComparisonReport:
    """The run's candidate differences, less the noise (what the two references disagreed
    on) and less the known ones."""
    candidate = differences_of(run.compared, CANDIDATE, run.spellings)
    noisy = noisy_places(differences_of(run.compared, SECOND_REFERENCE, run.spellings))
    real, noise = without_noise(candidate, noisy)
    verdict = judge(real, known, steps_compared(run.compared))
    return ComparisonReport(
        contract,
        run,
        verdict.unexplained,
        noise,
        verdict.explained,
        verdict.stale,
        verdict.unreached,
    )


def rendered(difference: Difference) -> str:
    """One difference in full: where, both answers, and both sides' requests again."""
    times = f" ({difference.occurrences} times)" if difference.occurrences > 1 else ""
    lines = [
        f"DIFFERS {difference.step}: {difference.aspect}{times}",
        f"  first at sequence {difference.sequence}, request {difference.number}",
        f"  reference: {difference.reference}",
        f"  {difference.side}: {difference.other}",
        "  Reference's request:",
        f"    {difference.reference_curl}",
        f"  The {difference.side}'s request:",
        f"    {difference.other_curl or '(not sent)'}",
    ]
    for side, script in (
        ("reference", difference.reference_script),
        (difference.side, difference.other_script),
    ):
        if script and script.count("curl ") > 1:
            lines += [f"  The sequence on the {side}:", _indented(script, "    ")]
    return "\n".join(lines)


def summary(report: ComparisonReport) -> str:
    run = report.run
    lines = [rendered(difference) for difference in report.differences]
    lines += [f"STALE known difference {e.step}: {e.aspect} ({e.reason})" for e in report.stale]
    lines += [f"NOISE {d.step}: {d.aspect} (the references disagree too)" for d in report.noise]
    lines += [f"KNOWN {d.step}: {d.aspect} ({reason})" for d, reason in report.explained]
    lines += [f"UNREACHED known difference {e.step}: {e.aspect}" for e in report.unreached]
    lines += [f"NOTE {note}" for note in run.notes]
    lines += [
        f"NOTE {side} kept what the run created: {', '.join(left)}"
        for side, left in run.leftovers.items()
    ]
    lines += [
        "",
        f"{report.steps} requests compared in {len({s.sequence for s in run.compared})} "
        f"sequences, {run.requests} sent in all, in {run.seconds:.1f} s, seed {run.seed}",
    ]
    if report.agrees:
        lines.append("AGREE: the candidate answered as the reference did.")
    else:
        lines.append(
            f"DIFFER: {len(report.differences)} unexplained differences, "
            f"{len(report.stale)} stale known differences (rerun with --seed {run.seed} to "
            "repeat the run)"
        )
        if run.secret_variables:
            secrets = " and ".join(sorted(run.secret_variables))
            lines.append(f"(curl commands read secrets from {secrets})")
    return "\n".join(lines)


def write_junit(report: ComparisonReport, path: pathlib.Path) -> None:
    """One test case per difference (failed when unexplained, skipped as noise or known)
    and per stale entry (failed), or a single passed case when the sides agree."""
    name = f"compare.{report.contract}"
    suite = ElementTree.Element("testsuite", name=name, time=f"{report.run.seconds:.3f}")
    cases = 0
    for difference in report.differences:
        case = _case(suite, name, difference)
        failure = ElementTree.SubElement(case, "failure", message=_message(difference))
        failure.text = rendered(difference)
        cases += 1
    for entry in report.stale:
        case = ElementTree.SubElement(
            suite, "testcase", classname=name, name=f"{entry.step}: {entry.aspect}"
        )
        ElementTree.SubElement(
            case, "failure", message="stale known difference"
        ).text = f"no longer differs: {entry.reason}"
        cases += 1
    skipped = [(d, "noise: the references disagree too") for d in report.noise]
    for difference, why in [*skipped, *report.explained]:
        ElementTree.SubElement(_case(suite, name, difference), "skipped", message=why[:200])
        cases += 1
    if not cases:
        ElementTree.SubElement(suite, "testcase", classname=name, name="candidate agrees")
        cases = 1
    suite.set("tests", str(cases))
    suite.set("failures", str(len(report.differences) + len(report.stale)))
    suite.set("skipped", str(len(report.noise) + len(report.explained)))
    ElementTree.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)


def _case(suite: ElementTree.Element, name: str, difference: Difference) -> ElementTree.Element:
    return ElementTree.SubElement(
        suite, "testcase", classname=name, name=f"{difference.step}: {difference.place[1]}"
    )


def _message(difference: Difference) -> str:
    return f"reference {difference.reference[:90]} | {difference.side} {difference.other[:90]}"


def _indented(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines())
