"""The reproduction of a state-machine finding: every request of the sequence that led to it,
in order, as one shell script.

A server names what it creates (an image's id, a file's URL) anew on every run, so a later
request of the sequence that names something an earlier answer created reads it from that
answer, saved to a file, into a shell variable (`STEP3_ID`), rather than repeating the value
of the run. Only text long enough not to occur by chance is read so (ids, keys and URLs);
small integer ids (Bitrix24's) stay the run's own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .client import Exchange

SHORTEST_READ_VALUE = 16
"""Shorter text an answer holds is not read into a variable: it could occur by chance."""
NOT_A_NAME = re.compile(r"[^A-Z0-9]+")
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class ReadValue:
    """Text an answer holds that a later request of the sequence sends."""

    step: int
    """The 1-based step whose answer holds it."""
    path: Path
    """Where in that answer's JSON body."""
    value: str

    @property
    def variable(self) -> str:
        names = [part for part in self.path if isinstance(part, str)] or ["value"]
        return f"STEP{self.step}_{NOT_A_NAME.sub('_', names[-1].upper()).strip('_')}"

    @property
    def reading(self) -> str:
        """The shell line that sets the variable from the saved answer."""
        keys = "".join(f"[{json.dumps(part)}]" for part in self.path)
        program = f"import json, sys; print(json.load(open(sys.argv[1])){keys})"
        return f"{self.variable}=$(python3 -c '{program}' {answer_file(self.step)})"


def answer_file(step: int) -> str:
    return f"step-{step}.json"


def sequence_script(exchanges: Sequence[Exchange]) -> str:
    """A script that sends `exchanges` again, in order; the last answer is the finding's."""
    if len(exchanges) <= 1:
        return exchanges[0].curl() if exchanges else ""
    read = values_read_later(exchanges)
    lines = [
        f"# The {len(exchanges)} requests of the sequence, in order; the last answer broke "
        "the rule.",
        'cd "$(mktemp -d)" || exit 1',
    ]
    for step, exchange in enumerate(exchanges, start=1):
        # In the order they were found: an id before the longer text holding it.
        variables = {value.value: f"${value.variable}" for value in read if value.step < step}
        lines.append(f"# {step}: {exchange.method} {spelled(exchange.path, exchange, variables)}")
        readings = [value for value in read if value.step == step]
        if not readings:
            lines.append(exchange.curl(variables))
            continue
        saved = answer_file(step)
        lines += [f"{exchange.curl(variables, saved)}; cat {saved}", "echo"]
        lines += [value.reading for value in readings]
    return "\n".join(lines)


def spelled(text: str, exchange: Exchange, variables: dict[str, str]) -> str:
    """`text` with secrets and values read earlier named by their variables."""
    for value, variable in {**exchange.secrets, **variables}.items():
        if value:
            text = text.replace(value, variable)
    return text


def values_read_later(exchanges: Sequence[Exchange]) -> list[ReadValue]:
    """The texts answers hold that later requests send (and no request sent before them),
    each at its first answer; ids first, then longer before shorter, so that a URL holding
    an id already read is not read again."""
    candidates: dict[str, ReadValue] = {}
    sent_before = ""
    for step, exchange in enumerate(exchanges, start=1):
        sent_before += request_text(exchange)
        for path, text in string_leaves(exchange.reply.json_or_none()):
            quotable = not any("'" in str(part) for part in path)
            if len(text) >= SHORTEST_READ_VALUE and text not in sent_before and quotable:
                candidates.setdefault(text, ReadValue(step, path, text))
    ordered = sorted(candidates.values(), key=lambda v: (v.path[-1:] != ("id",), -len(v.value)))
    later = [(step, request_text(e)) for step, e in enumerate(exchanges, start=1)]
    read: list[ReadValue] = []
    for candidate in ordered:
        sent = candidate.value
        if any(step > candidate.step and sent in text for step, text in later):
            read.append(candidate)
            later = [(step, text.replace(sent, "\0")) for step, text in later]
    return read


def request_text(exchange: Exchange) -> str:
    """What a request sends where a value may be named: its URL, headers and body."""
    headers = "\n".join(f"{name}: {value}" for name, value in exchange.request_headers.items())
    return f"{exchange.url}\n{headers}\n{exchange.request_body.decode('latin-1')}\n"


def string_leaves(body: object, path: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(body, str):
        yield path, body
    elif isinstance(body, dict):
        for key, value in body.items():
            yield from string_leaves(value, (*path, str(key)))
    elif isinstance(body, list):
        for index, value in enumerate(body):
            yield from string_leaves(value, (*path, index))
