"""The request journal: what the contracts received, kept in a bounded ring and queried
at `/__admin/requests` (see `ring.py` for what an entry holds)."""
