"""`python -m mockserver.seed_pictures`: draw the embedded demo seed's placeholders again
into the folder they are shipped in (after its pictures or Pillow change)."""

from __future__ import annotations

import pathlib

from ..served_contracts import SERVED_CONTRACTS
from .placeholders import RENDERED, render_demo_placeholders
from .section import demo_placeholders

FOLDER = pathlib.Path(str(RENDERED))

if __name__ == "__main__":
    written = render_demo_placeholders(FOLDER, demo_placeholders(SERVED_CONTRACTS))
    print(f"{len(written)} placeholders drawn into {FOLDER}")
