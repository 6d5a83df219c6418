"""The disk image Tempest's web-download test fetches (`[image] http_qcow2_image`), served
from the loopback by the run itself: a qcow2 header (version 2, 64 KiB clusters, 1 MiB
virtual, no backing file) that Glance's format inspector and the mock's both take."""

from __future__ import annotations

import struct

CLUSTER_BITS = 16
VIRTUAL_SIZE = 1 << 20
QCOW2_PATH = "/cirros.qcow2"


def qcow2_disk() -> bytes:
    header = b"QFI\xfb" + struct.pack(
        ">IQIIQIIQQIIQ",
        2,  # version
        0,  # backing file offset: none
        0,  # backing file name size
        CLUSTER_BITS,
        VIRTUAL_SIZE,
        0,  # no encryption
        1,  # L1 table entries
        0,  # L1 table offset
        1 << CLUSTER_BITS,  # refcount table offset
        1,  # refcount table clusters
        0,  # snapshots
        0,  # snapshots offset
    )
    return header.ljust(3 << CLUSTER_BITS, b"\0")
