"""Multipart bodies read strictly: field values and part names that are not text in the
body's charset are refused, not guessed at.

Starlette's parser falls back to Latin-1 for bytes that do not decode, so a title sent as
invalid UTF-8 would be stored as other characters than the client meant; and it fails with
a `KeyError` when the request has no `Content-Type` at all. Both are a `MultiPartException`
here, which every caller answers as a malformed body. Starlette's limits bound the rest,
checked as the parts arrive: at most 1,000 fields and 1,000 files, a field of at most
1 MiB (python-multipart parses in one pass, linear in the body).
"""

from __future__ import annotations

from python_multipart.multipart import parse_options_header
from starlette.datastructures import FormData
from starlette.formparsers import MultiPartException, MultiPartParser


class StrictMultiPartParser(MultiPartParser):
    async def parse(self) -> FormData:
        if "content-type" not in self.headers:
            raise MultiPartException("Missing Content-Type of a multipart body.")
        return await super().parse()

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._current_part.content_disposition)
        for name in (b"name", b"filename"):
            self._require_text(options.get(name, b""))
        super().on_headers_finished()

    def on_part_end(self) -> None:
        if self._current_part.file is None:
            self._require_text(bytes(self._current_part.data))
        super().on_part_end()

    def _require_text(self, raw: bytes) -> None:
        try:
            raw.decode(self._charset or "utf-8")
        except (UnicodeDecodeError, LookupError):
            raise MultiPartException("A part of the multipart body is not text.") from None
