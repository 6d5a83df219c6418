"""The seed's credentials that the browser pages fill in, as each served contract gives them
(`ContractPlugin.docs_prefill`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..contract_plugin import ContractPlugin, Prefill
from ..seed import Seed

__all__ = ["Prefill", "prefills"]


def prefills(seed: Seed, contracts: Sequence[ContractPlugin[Any]]) -> dict[str, Prefill]:
    """Each contract's Swagger UI values, by contract name."""
    return {contract.name: contract.docs_prefill(seed.of(contract)) for contract in contracts}
