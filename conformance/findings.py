"""What the suite reports: a broken rule, where, and how to see it again."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    rule: str
    """The name of the broken rule (a check function, a state-machine rule)."""
    layer: str
    operation: str
    message: str
    curl: str

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
