"""How a run reads to a person: progress lines while it runs, a summary at the end."""

from __future__ import annotations

from .runner import RunReport


def summary(report: RunReport) -> str:
    lines = [finding.render() for finding in report.findings]
    lines += [f"NOTE {note}" for note in report.notes]
    rate = report.examples / report.seconds if report.seconds else 0.0
    lines += [
        "",
        f"{len(report.operations)} operations, {len(report.checks)} rules, "
        f"{report.examples} generated examples, {report.exchanges} requests in "
        f"{report.seconds:.1f} s ({rate:.1f} examples/s; {report.waited_seconds:.0f} s waiting "
        f"on rate limits), seed {report.seed}",
    ]
    if report.conforms:
        lines.append("CONFORMS: the target answered every request as the contract says.")
    else:
        lines.append(f"DOES NOT CONFORM: broken rules: {', '.join(report.broken_rules)}")
        secrets = " and ".join(report.secret_variables)
        lines.append(
            (f"(curl commands read secrets from {secrets}; " if secrets else "(")
            + f"rerun with --seed {report.seed} to repeat the run)"
        )
    return "\n".join(lines)
