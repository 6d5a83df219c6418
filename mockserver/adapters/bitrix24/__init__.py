"""The Bitrix24 REST `catalog.productImage.*` contract."""
