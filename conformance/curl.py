"""Shell commands that repeat a request, with every secret left as a shell variable."""

from __future__ import annotations

import shlex
from collections.abc import Mapping, Sequence


def shell_command(arguments: Sequence[str], secrets: Mapping[str, str]) -> str:
    """`arguments` quoted for a POSIX shell; each secret's text becomes `"$VARIABLE"`."""
    return " ".join(_quoted(argument, secrets) for argument in arguments)


def hide_secrets(command: str, secrets: Mapping[str, str]) -> str:
    """A shell command with its secrets replaced by their variables (text after a blank
    line, such as warnings, is kept as it is)."""
    command, blank, rest = command.partition("\n\n")
    try:
        arguments = shlex.split(command)
    except ValueError:
        return command + blank + rest
    return shell_command(arguments, secrets) + blank + rest


def _quoted(argument: str, secrets: Mapping[str, str]) -> str:
    pieces = [argument]
    for secret, variable in secrets.items():
        if secret:
            pieces = [part for piece in pieces for part in _split_keeping(piece, secret, variable)]
    return (
        "".join(
            f'"${piece[1:]}"' if piece.startswith("\0") else shlex.quote(piece)
            for piece in pieces
            if piece
        )
        or "''"
    )


def _split_keeping(text: str, secret: str, variable: str) -> list[str]:
    if text.startswith("\0"):
        return [text]
    parts = text.split(secret)
    marker = "\0" + variable.lstrip("$")
    return [
        item for index, part in enumerate(parts) for item in ((marker, part) if index else (part,))
    ]
