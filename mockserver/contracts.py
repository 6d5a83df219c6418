"""Where the contract documents are: `spec/` beside the package in a checkout, or inside
the package when installed from a wheel."""

from __future__ import annotations

import pathlib

_PACKAGE = pathlib.Path(__file__).resolve().parent
_CANDIDATES = (_PACKAGE.parent / "spec", _PACKAGE / "spec")

CLOSIENT_DASHBOARD_IMAGES = pathlib.Path("closient/dashboard-images.yaml")
CLOUD_IMAGES = pathlib.Path("cloud-images/openapi.yaml")
BITRIX24_PRODUCT_IMAGES = pathlib.Path("bitrix24/openapi.yaml")


def contract_path(relative: pathlib.Path) -> pathlib.Path:
    for root in _CANDIDATES:
        candidate = root / relative
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"contract document {relative} not found under {_CANDIDATES}")
