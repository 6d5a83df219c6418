"""Static files: the page's own (static/) and Swagger UI 5's, from the swagger-ui-py
package (its swagger-ui-dist files, Apache-2.0)."""

from __future__ import annotations

import importlib.resources
import importlib.util
import json
import pathlib
from typing import Any

ASSETS_PREFIX = "/__assets"


def own_assets() -> pathlib.Path:
    return pathlib.Path(str(importlib.resources.files("mockserver.frontend").joinpath("static")))


def swagger_ui_assets() -> pathlib.Path:
    # The package's data only: importing it would load its web-framework glue.
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the swagger-ui-py package is not installed")
    return pathlib.Path(next(iter(spec.submodule_search_locations))) / "static"


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
