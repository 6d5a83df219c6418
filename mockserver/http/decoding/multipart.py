"""Multipart bodies read strictly: field values and part names that are not text in the
body's charset are refused, not guessed at.

The parts are found by python-multipart's parser (one pass, linear in the body), the one
Starlette's `Request.form()` uses, and gathered as Starlette gathers them, with its limits
checked as the parts arrive: at most 1,000 fields and 1,000 files, a field of at most
1 MiB. Where Starlette falls back to Latin-1 for bytes that do not decode (so a title sent
as invalid UTF-8 would be stored as other characters than the client meant), and fails
with a `KeyError` when the request has no `Content-Type` at all, both are a
`MultiPartException` here, which every caller answers as a malformed body.

A body already read whole (`StrictMultiPartParser.of_whole_body`) is split by `plain_parts`
when it takes the plain form clients send, and its parts go through the same steps as the
ones python-multipart finds, in the same order: the same limits, texts and errors.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass, field
from tempfile import SpooledTemporaryFile
from typing import Any

from python_multipart import MultipartParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header
from starlette.datastructures import FormData, Headers, UploadFile
from starlette.formparsers import MultiPartException

from .plain_multipart import PlainPart, plain_parts

SPOOL_MAX_SIZE = 1024 * 1024
"""A file part is kept in memory up to this size, then in a temporary file."""
REMEMBERED_OPTIONS = 256
REMEMBERED_OPTIONS_LENGTH = 256
"""Header values up to this length have their parsed options remembered: a client sends
the same `Content-Type` and `Content-Disposition` again and again, and parsing one costs
more than the rest of a small part."""


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


@functools.lru_cache(maxsize=REMEMBERED_OPTIONS)
def _remembered_options(value: str | bytes) -> tuple[bytes, Mapping[bytes, bytes]]:
    return parse_options_header(value)


def options_of(value: str | bytes | None) -> tuple[bytes, Mapping[bytes, bytes]]:
    """A header value's main value and options, as python-multipart parses them."""
    if value and len(value) <= REMEMBERED_OPTIONS_LENGTH:
        return _remembered_options(value)
    return parse_options_header(value)


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
        whole_body: bytes | None = None,
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
        self._whole = whole_body
        """The body `stream` gives, when it was read whole before."""

    @classmethod
    def of_whole_body(
        cls,
        headers: Headers,
        body: bytes,
        *,
        max_files: int = 1000,
        max_fields: int = 1000,
        max_part_size: int = 1024 * 1024,
    ) -> StrictMultiPartParser:
        """A parser of a body already read whole: split by `plain_parts` when plain."""
        return cls(
            headers,
            chunks_of(body),
            max_files=max_files,
            max_fields=max_fields,
            max_part_size=max_part_size,
            whole_body=body,
        )

    async def parse(self) -> FormData:
        if "content-type" not in self.headers:
            raise MultiPartException("Missing Content-Type of a multipart body.")
        _, params = options_of(self.headers["content-type"])
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
        whole = self._whole
        plain = None
        if whole is not None:
            # Past max_files + max_fields parts one of the two limits refuses the body, in
            # the first parts past them: none further is looked at.
            plain = plain_parts(whole, boundary, self.max_files + self.max_fields + 1)
        try:
            if whole is not None and plain is not None:
                self._take_plain_parts(whole, plain)
                await self._write_files()
            else:
                parser = MultipartParser(boundary, callbacks)
                async for chunk in self.stream:
                    parser.write(chunk)
                    await self._write_files()
                parser.finalize()
        except BaseException as failure:
            for spooled in self._spooled:
                spooled.close()
            if isinstance(failure, FormParserError):
                raise MultiPartException("Invalid multipart data.") from failure
            raise
        return FormData(self.items)

    def _take_plain_parts(self, body: bytes, parts: list[PlainPart]) -> None:
        """The steps python-multipart's callbacks take for these parts of `body`."""
        for headers, (data_start, data_end) in parts:
            self._on_part_begin()
            for (name_start, name_end), (value_start, value_end) in headers:
                self._on_header_field(body, name_start, name_end)
                if value_start < value_end:  # python-multipart reports no empty data
                    self._on_header_value(body, value_start, value_end)
                self._on_header_end()
            self._on_headers_finished()
            if data_start < data_end:
                self._on_part_data(body, data_start, data_end)
            self._on_part_end()

    async def _write_files(self) -> None:
        """The file data the parts so far gave, written to their files."""
        for upload, data in self._file_data:
            await upload.write(data)
        for upload in self._files_done:
            await upload.seek(0)
        self._file_data.clear()
        self._files_done.clear()

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
        _, options = options_of(part.content_disposition)
        field_name = self._text(options.get(b"name", b""))
        filename = self._text(options.get(b"filename", b""))
        if b"name" not in options:
            raise MultiPartException(
                'The Content-Disposition header field "name" must be provided.'
            )
        part.field_name = field_name
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
                filename=filename,
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
