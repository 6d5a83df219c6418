"""One adapter per vendor contract: request → domain call → contract-shaped response."""
