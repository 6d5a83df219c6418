"""Shell commands that repeat a request, with every secret left as a shell variable.

Every command the suite prints comes from `curl_command`, so that it runs as printed in a
POSIX shell (bash, dash) and sends the very bytes the suite sent: a text body is quoted as it
is; any other body (binary, with control characters or carriage returns that a report could
not keep) is written to the artifacts folder and read with `--data-binary @file`, or, without
one, piped in from `printf` with octal escapes.
"""

from __future__ import annotations

import hashlib
import pathlib
import shlex
import string
from collections.abc import Mapping, Sequence

# Bodies up to this size are spelled out in the command when there is no artifacts folder.
LONGEST_INLINE_BODY = 64 * 1024
# Characters printf's format prints as themselves (besides `%` and `\`, escaped apart).
PRINTF_LITERAL = frozenset(
    (string.ascii_letters + string.digits + " !\"#$&'()*+,-./:;<=>?@[]^_`{|}~").encode()
)


def curl_command(
    method: str,
    url: str,
    headers: Sequence[tuple[str, str]],
    body: bytes,
    secrets: Mapping[str, str],
    artifacts: pathlib.Path | None = None,
    output: str | None = None,
) -> str:
    """The curl command that sends this request again; secrets become `"$VARIABLE"`. With
    `output`, the answer's headers go to the terminal and its body into that file."""
    shown = ["-sS", "-D", "-", "-o", output] if output else ["-i"]
    arguments = ["curl", *shown, "-X", method, url]
    for name, value in headers:
        arguments += ["-H", f"{name}: {value}"]
    if not body:
        return shell_command(arguments, secrets)
    text = _quotable_text(body)
    if text is not None:
        return shell_command([*arguments, "--data-binary", text], secrets)
    if artifacts is not None and not any(secret.encode() in body for secret in secrets if secret):
        file = body_file(body, artifacts)
        return shell_command([*arguments, "--data-binary", f"@{file}"], secrets)
    if len(body) > LONGEST_INLINE_BODY:
        command = shell_command([*arguments, "--data-binary", "@body.bin"], secrets)
        return f"{command}  # body.bin: {describe_bytes(body)}; rerun with --artifacts DIR"
    reading = shell_command([*arguments, "--data-binary", "@-"], secrets)
    return f"{printf_command(body, secrets)} | {reading}"


def describe_bytes(content: bytes) -> str:
    """A body a report cannot show as text: its length and digest."""
    return f"<{len(content)} bytes, sha256 {hashlib.sha256(content).hexdigest()[:16]}…>"


def body_file(body: bytes, artifacts: pathlib.Path) -> pathlib.Path:
    """The file in `artifacts` holding `body` (named by its digest, written once)."""
    artifacts.mkdir(parents=True, exist_ok=True)
    path = (artifacts / f"body-{hashlib.sha256(body).hexdigest()[:16]}.bin").resolve()
    if not path.exists():
        path.write_bytes(body)
    return path


def printf_command(body: bytes, secrets: Mapping[str, str]) -> str:
    """`printf` writing `body` to its standard output; each secret is an argument."""
    pieces: list[bytes | str] = [body]
    for secret, variable in secrets.items():
        if secret:
            pieces = [
                part for piece in pieces for part in _split_bytes_keeping(piece, secret, variable)
            ]
    layout = "".join("%s" if isinstance(piece, str) else _printf_escaped(piece) for piece in pieces)
    variables = [f'"${piece[1:]}"' for piece in pieces if isinstance(piece, str)]
    return " ".join(["printf", shlex.quote(layout), *variables])


def shell_command(arguments: Sequence[str], secrets: Mapping[str, str]) -> str:
    """`arguments` quoted for a POSIX shell; each secret's text becomes `"$VARIABLE"`."""
    return " ".join(_quoted(argument, secrets) for argument in arguments)


def _quotable_text(body: bytes) -> str | None:
    """The body as text that survives a shell, a terminal and an XML report unchanged; None
    for anything else (curl would read a leading `@` as a file name)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.startswith("@") or any(
        (ord(char) < 0x20 and char not in "\n\t") or 0x7F <= ord(char) < 0xA0 for char in text
    ):
        return None
    return text


def _printf_escaped(content: bytes) -> str:
    escaped = []
    for position, byte in enumerate(content):
        if byte == ord("%"):
            escaped.append("%%")
        elif byte == ord("\\"):
            escaped.append("\\\\")
        elif byte in PRINTF_LITERAL and not (position == 0 and byte == ord("-")):
            # A format that starts with `-` would be read as an option.
            escaped.append(chr(byte))
        else:
            escaped.append(f"\\{byte:03o}")
    return "".join(escaped)


def _split_bytes_keeping(piece: bytes | str, secret: str, variable: str) -> list[bytes | str]:
    if isinstance(piece, str):
        return [piece]
    parts = piece.split(secret.encode())
    marker = "\0" + variable.lstrip("$")
    return [
        item for index, part in enumerate(parts) for item in ((marker, part) if index else (part,))
    ]


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
