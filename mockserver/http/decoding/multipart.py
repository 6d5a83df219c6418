"""Multipart bodies read strictly: field values and part names that are not text in the
body's charset are refused, not guessed at.

The parts are found by python-multipart's parser (one pass, linear in the body), the one
Starlette's `Request.form()` uses, and gathered as Starlette gathers them, with its limits
checked as the parts arrive: at most 1,000 fields and 1,000 files, a field of at most
1 MiB. Where Starlette falls back to Latin-1 for bytes that do not decode (so a title sent
as invalid UTF-8 would be stored as other characters than the client meant), and fails
with a `KeyError` when the request has no `Content-Type` at all, both are a
`MultiPartException` here, which every caller answers as a malformed body.
"""

from __future__ import annotations

import codecs
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from tempfile import SpooledTemporaryFile
from typing import Any

from python_multipart import MultipartParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.formparsers import MultiPartException

SPOOL_MAX_SIZE = 1024 * 1024
"""A file part is kept in memory up to this size, then in a temporary file."""


@dataclass
class _Part:
    content_disposition: bytes | None = None
    field_name: str = ""
    data: bytearray = field(default_factory=bytearray)
    file: UploadFile | None = None
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)


async def chunks_of(body: bytes) -> AsyncGenerator[bytes, None]:
    """A body already read, as the stream of chunks a form parser reads."""
    yield body
    yield b""


class StrictMultiPartParser:
    """A multipart body's fields and files, from its stream of chunks."""

    def __init__(
        self,
        headers: Headers,
        stream: AsyncGenerator[bytes, None],
        *,
        max_files: int = 1000,
        max_fields: int = 1000,
        max_part_size: int = 1024 * 1024,
    ) -> None:
        self.headers = headers
        self.stream = stream
        self.max_files = max_files
        self.max_fields = max_fields
        self.max_part_size = max_part_size
        self.items: list[tuple[str, str | UploadFile]] = []
        self._files = 0
        self._fields = 0
        self._header_name = b""
        self._header_value = b""
        self._part = _Part()
        self._charset = "utf-8"
        self._file_data: list[tuple[UploadFile, bytes]] = []
        self._files_done: list[UploadFile] = []
        self._spooled: list[SpooledTemporaryFile[bytes]] = []

    async def parse(self) -> FormData:
        if "content-type" not in self.headers:
            raise MultiPartException("Missing Content-Type of a multipart body.")
        _, params = parse_options_header(self.headers["content-type"])
        charset = params.get(b"charset", b"utf-8")
        try:
            self._charset = codecs.lookup(charset.decode("latin-1")).name
        except LookupError:
            self._charset = "latin-1"
        boundary = params.get(b"boundary")
        if boundary is None:
            raise MultiPartException("Missing boundary in multipart.")
        callbacks: Any = {
            "on_part_begin": self._on_part_begin,
            "on_part_data": self._on_part_data,
            "on_part_end": self._on_part_end,
            "on_header_field": self._on_header_field,
            "on_header_value": self._on_header_value,
            "on_header_end": self._on_header_end,
            "on_headers_finished": self._on_headers_finished,
        }
        try:
            parser = MultipartParser(boundary, callbacks)
            async for chunk in self.stream:
                parser.write(chunk)
                for upload, data in self._file_data:
                    await upload.write(data)
                for upload in self._files_done:
                    await upload.seek(0)
                self._file_data.clear()
                self._files_done.clear()
            parser.finalize()
        except BaseException as failure:
            for spooled in self._spooled:
                spooled.close()
            if isinstance(failure, FormParserError):
                raise MultiPartException("Invalid multipart data.") from failure
            raise
        return FormData(self.items)

    def _on_part_begin(self) -> None:
        self._part = _Part()

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        part = self._part
        if part.file is None:
            if len(part.data) + len(chunk) > self.max_part_size:
                limit = int(self.max_part_size / 1024)
                raise MultiPartException(f"Part exceeded maximum size of {limit}KB.")
            part.data.extend(chunk)
        else:
            self._file_data.append((part.file, chunk))

    def _on_part_end(self) -> None:
        part = self._part
        if part.file is None:
            self.items.append((part.field_name, self._text(bytes(part.data))))
        else:
            self._files_done.append(part.file)
            self.items.append((part.field_name, part.file))

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _on_header_end(self) -> None:
        name = self._header_name.lower()
        if name == b"content-disposition":
            self._part.content_disposition = self._header_value
        self._part.headers.append((name, self._header_value))
        self._header_name = b""
        self._header_value = b""

    def _on_headers_finished(self) -> None:
        part = self._part
        _, options = parse_options_header(part.content_disposition)
        for name in (b"name", b"filename"):
            self._text(options.get(name, b""))
        if b"name" not in options:
            raise MultiPartException(
                'The Content-Disposition header field "name" must be provided.'
            )
        part.field_name = self._text(options[b"name"])
        if b"filename" in options:
            self._files += 1
            if self._files > self.max_files:
                raise MultiPartException(
                    f"Too many files. Maximum number of files is {self.max_files}."
                )
            # closed with the form, or at once when the body turns out malformed
            spooled: SpooledTemporaryFile[bytes] = SpooledTemporaryFile(max_size=SPOOL_MAX_SIZE)  # noqa: SIM115
            self._spooled.append(spooled)
            part.file = UploadFile(
                file=spooled,  # type: ignore[arg-type]
                size=0,
                filename=self._text(options[b"filename"]),
                headers=Headers(raw=part.headers),
            )
        else:
            self._fields += 1
            if self._fields > self.max_fields:
                raise MultiPartException(
                    f"Too many fields. Maximum number of fields is {self.max_fields}."
                )
            part.file = None

    def _text(self, raw: bytes) -> str:
        """`raw` in the body's charset; a part that is not text is refused."""
        try:
            return raw.decode(self._charset)
        except (UnicodeDecodeError, LookupError):
            raise MultiPartException("A part of the multipart body is not text.") from None
