"""Conformance suite: checks any server against the product-image contracts."""
