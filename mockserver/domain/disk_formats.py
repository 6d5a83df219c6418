"""What Glance 33 makes of uploaded data: whether it is in the image's disk format, and the
virtual size that format gives it.

Glance inspects data uploaded to a `bare` container with oslo.utils' format inspectors,
and so does this module, with the same decisions: data recognised as another format than
the image's `disk_format` is refused; anything may be uploaded as `raw` (its virtual size
is then its length); formats the inspectors do not know (`ami`, `aki`, `ari`) take data
that looks raw, without a virtual size.
"""

from __future__ import annotations

import io
import logging

from .registry_errors import DataFormatMismatch

CHUNK_BYTES = 64 * 1024
INSPECTED_CONTAINER = "bare"
# GPT safety checks that Glance 33 treats as non-fatal by default.
NONFATAL_GPT_CHECKS = frozenset({"mbr"})


def virtual_size(content: bytes, disk_format: str, container_format: str) -> int | None:
    """The virtual size of `content` uploaded as `disk_format`, None when unknown; raises
    `DataFormatMismatch` where Glance refuses the data."""
    if container_format != INSPECTED_CONTAINER:
        return None
    # Imported here: a mock that never takes image data does not pay for it at start-up.
    from oslo_utils.imageutils import format_inspector as inspection

    # The inspectors log each format that does not match at ERROR; that is their answer
    # here, not the mock's failure.
    logging.getLogger(inspection.__name__).setLevel(logging.CRITICAL)
    wrapper = inspection.InspectWrapper(io.BytesIO(content))
    try:
        while wrapper.read(CHUNK_BYTES):
            pass
    except inspection.ImageFormatError as error:
        raise DataFormatMismatch(str(error)) from None
    finally:
        wrapper.close()
    inspector = None
    try:
        matched = {str(found): found for found in wrapper.formats or ()}
        # A bootable ISO may carry a GPT in front of it: Glance takes it as an ISO.
        inspector = matched["iso"] if matched.keys() == {"iso", "gpt"} else wrapper.format
        if inspector is None:
            raise inspection.ImageFormatError("Content does not match any allowed format")
        found = str(inspector)
        if found == disk_format:
            size: int | None = inspector.virtual_size
        elif found == "raw" and disk_format not in inspection.ALL_FORMATS:
            size = None
        elif disk_format == "raw":
            size = inspector.actual_size
        else:
            raise inspection.ImageFormatError(
                f"Image disk_format {disk_format} does not match stream data {found}"
            )
        inspector.safety_check()
    except inspection.ImageFormatError as error:
        raise DataFormatMismatch(str(error)) from None
    except inspection.SafetyCheckFailed as failure:
        fatal = set(failure.failures) - NONFATAL_GPT_CHECKS
        if disk_format in ("aki", "ari"):
            fatal.discard("mbr")
        if not (inspector is not None and inspector.NAME == "gpt" and not fatal):
            raise DataFormatMismatch("Image failed safety checks") from None
    except Exception:  # the inspectors' own failures: Glance refuses the data
        raise DataFormatMismatch("Image format inspection failed") from None
    return size or None
