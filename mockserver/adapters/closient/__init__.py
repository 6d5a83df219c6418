"""The Closient Brand Dashboard images contract."""
