"""The reproduction of a state-machine finding: every request of the sequence that led to it,
in order, as one shell script.

A server names what it creates (an image's id, a file's URL) anew on every run, so a later
request of the sequence that names something an earlier answer created reads it from that
answer, saved to a file, into a shell variable (`STEP3_ID`), rather than repeating the value
of the run. Only text long enough not to occur by chance is read so (ids, keys and URLs);
small integer ids stay the run's own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .client import Exchange

SHORTEST_READ_VALUE = 16
"""Shorter text an answer holds is not read into a variable: it could occur by chance."""
NOT_A_NAME = re.compile(r"[^A-Z0-9]+")
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Spelling:
    """Another way a contract lets a request write a value (an image id in a UUID form
    too), and how a shell computes it from the value."""

    suffix: str
    """Added to the value's variable name: `STEP3_ID_UUID`."""
    spell: Callable[[str], str | None]
    """The value spelt this way; None when it cannot be."""
    program: str
    """A Python program printing the spelling of its first argument."""


@dataclass(frozen=True)
class ReadValue:
    """Text an answer holds (or a spelling of it) that a later request of the sequence
    sends."""

    step: int
    """The 1-based step whose answer holds it."""
    path: Path
    """Where in that answer's JSON body."""
    value: str
    spelling: Spelling | None = None
    """How the request writes the value read (None: as it is)."""

    @property
    def read(self) -> str:
        """The text the answer holds."""
        return self.value if self.spelling is None else self.answered

    answered: str = ""
    """For a spelling, the text the answer holds."""

    @property
    def variable(self) -> str:
        names = [part for part in self.path if isinstance(part, str)] or ["value"]
        name = f"STEP{self.step}_{NOT_A_NAME.sub('_', names[-1].upper()).strip('_')}"
        return name if self.spelling is None else f"{name}_{self.spelling.suffix}"

    @property
    def reading(self) -> str:
        """The shell line that sets the variable from the saved answer (or a spelling from
        the value's variable, set before)."""
        if self.spelling is not None:
            base = ReadValue(self.step, self.path, self.answered)
            return f"{self.variable}=$(python3 -c '{self.spelling.program}' \"${base.variable}\")"
        keys = "".join(f"[{json.dumps(part)}]" for part in self.path)
        program = f"import json, sys; print(json.load(open(sys.argv[1])){keys})"
        return f"{self.variable}=$(python3 -c '{program}' {answer_file(self.step)})"


def answer_file(step: int) -> str:
    return f"step-{step}.json"


def sequence_script(exchanges: Sequence[Exchange], spellings: Sequence[Spelling] = ()) -> str:
    """A script that sends `exchanges` again, in order; the last answer is the finding's."""
    if len(exchanges) <= 1:
        return exchanges[0].curl() if exchanges else ""
    read = values_read_later(exchanges, spellings)
    lines = [
        f"# The {len(exchanges)} requests of the sequence, in order; the last answer broke "
        "the rule.",
        'cd "$(mktemp -d)" || exit 1',
    ]
    for step, exchange in enumerate(exchanges, start=1):
        # An id before the longer text holding it, as they were found.
        earlier = sorted((value for value in read if value.step < step), key=priority)
        variables = {value.value: f"${value.variable}" for value in earlier}
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


def values_read_later(
    exchanges: Sequence[Exchange], spellings: Sequence[Spelling] = ()
) -> list[ReadValue]:
    """The texts answers hold that later requests send as they are or in one of
    `spellings` (and no request sent before them), each at its first answer, in the order
    their variables are set; ids first, then longer before shorter, so that a URL holding
    an id already read is not read again."""
    candidates: dict[str, ReadValue] = {}
    sent_before = ""
    for step, exchange in enumerate(exchanges, start=1):
        sent_before += request_text(exchange)
        for path, text in string_leaves(exchange.reply.json_or_none()):
            quotable = not any("'" in str(part) for part in path)
            if len(text) < SHORTEST_READ_VALUE or text in sent_before or not quotable:
                continue
            candidates.setdefault(text, ReadValue(step, path, text))
            for spelling in spellings:
                if (spelt := spelling.spell(text)) is not None and spelt not in sent_before:
                    candidates.setdefault(spelt, ReadValue(step, path, spelt, spelling, text))
    ordered = sorted(candidates.values(), key=priority)
    later = [(step, request_text(e)) for step, e in enumerate(exchanges, start=1)]
    read: dict[str, ReadValue] = {}
    for candidate in ordered:
        sent = candidate.value
        if any(step > candidate.step and sent in text for step, text in later):
            if candidate.spelling is not None:
                # A spelling is computed from the value as read.
                read.setdefault(candidate.read, candidates[candidate.read])
            read[sent] = candidate
            later = [(step, text.replace(sent, "\0")) for step, text in later]
    return sorted(read.values(), key=lambda v: (v.step, v.spelling is not None))


def priority(value: ReadValue) -> tuple[bool, int]:
    """Ids first, then longer texts before shorter ones."""
    return value.path[-1:] != ("id",), -len(value.value)


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
