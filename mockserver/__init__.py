"""A stateful, contract-first mock server for product-image APIs."""

__version__ = "0.1.0"
