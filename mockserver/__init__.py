"""A stateful, contract-first mock server for product-image APIs."""

import warnings

# Connexion imports Starlette's test client at import time, which warns about httpx.
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

__version__ = "0.1.0"
