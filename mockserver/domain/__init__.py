"""Pure domain model: organizations, products, galleries and their rules. No HTTP, no I/O."""
