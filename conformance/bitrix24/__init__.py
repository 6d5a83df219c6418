"""The Bitrix24 REST `catalog.productImage.*` contract (`spec/bitrix24/openapi.yaml`)."""
