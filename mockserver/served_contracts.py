"""The contracts the mock serves: one line per contract package (README, Adding a contract).

Their order is the order of the banner's lines; the first contract also answers requests
on no contract's paths (unknown routes) in its own error shape.
"""

from __future__ import annotations

from typing import Any

from .adapters.bitrix24.plugin import PLUGIN as BITRIX24
from .adapters.closient.plugin import PLUGIN as CLOSIENT
from .adapters.cloud_images.plugin import PLUGIN as CLOUD_IMAGES
from .contract_plugin import ContractPlugin

__all__ = ["BITRIX24", "CLOSIENT", "CLOUD_IMAGES", "SERVED_CONTRACTS"]

SERVED_CONTRACTS: tuple[ContractPlugin[Any], ...] = (
    CLOSIENT,
    CLOUD_IMAGES,
    BITRIX24,
)
