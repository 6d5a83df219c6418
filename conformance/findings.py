"""What the suite reports: a broken rule, where, and how to see it again."""

from __future__ import annotations

import re
from dataclasses import dataclass

ANSWERS_RULE = "target_answers_every_request"
"""The target answered (no dropped connection, no timeout)."""
JUDGED_RULE = "answers_can_be_judged"
"""Every answer was one the suite could judge (anything else stopped a layer)."""
# What a report (a terminal, an XML file) cannot carry: control characters but tab and line
# feed, the C1 range, lone surrogates and the two non-characters XML forbids.
UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` with every character a report cannot carry spelled as an escape."""
    return UNPRINTABLE.sub(
        lambda match: (
            f"\\x{ord(match[0]):02x}" if ord(match[0]) < 0x100 else f"\\u{ord(match[0]):04x}"
        ),
        text,
    )


@dataclass(frozen=True)
class Finding:
    rule: str
    """The name of the broken rule (a check function, a state-machine rule)."""
    layer: str
    operation: str
    message: str
    curl: str

    def __post_init__(self) -> None:
        # Messages quote answers, which may be binary; curl commands are text by making.
        object.__setattr__(self, "message", printable(self.message))
        object.__setattr__(self, "curl", printable(self.curl))

    def render(self) -> str:
        lines = [f"FAILED {self.rule} [{self.layer}] {self.operation}", f"  {self.message}"]
        if self.curl:
            lines += ["  Reproduce with:", f"    {self.curl}"]
        return "\n".join(lines)


class ContractViolation(AssertionError):
    """A rule of the contract the target broke, raised inside a layer."""

    def __init__(self, rule: str, message: str, operation: str = "", curl: str = "") -> None:
        super().__init__(f"{rule}: {message}")
        self.rule, self.message, self.operation, self.curl = rule, message, operation, curl
