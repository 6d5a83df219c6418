"""Decoding that may take longer than the event loop can spare, moved to a worker thread.

Pure-Python decoding (percent-decoding, multipart parts, PHP names, JSON Schema) costs time
in the input's length: a 12 MB form body takes over a second. The event loop serves every
other client meanwhile only if that work runs elsewhere; a worker thread gives the loop the
interpreter back every few milliseconds. Inputs within `OFF_LOOP_BYTES` are decoded where
they are, since a thread costs more than they do.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import anyio.to_thread

OFF_LOOP_BYTES = 64 * 1024
"""Inputs longer than this are decoded on a worker thread (64 KiB take about 5 ms)."""

T = TypeVar("T")


async def decoded(size: int, decode: Callable[[], T]) -> T:
    """`decode()`'s result, computed on a worker thread when the input is `size` bytes
    past `OFF_LOOP_BYTES`; its exceptions are raised here either way."""
    if size <= OFF_LOOP_BYTES:
        return decode()
    return await anyio.to_thread.run_sync(decode)


async def decoded_async(size: int, decode: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """As `decoded`, for a decoder that is a coroutine (a multipart parser reads a stream):
    past `OFF_LOOP_BYTES` it runs on its own event loop in a worker thread."""
    if size <= OFF_LOOP_BYTES:
        return await decode()
    return await anyio.to_thread.run_sync(lambda: asyncio.run(decode()))
