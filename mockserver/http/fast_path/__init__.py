"""The fast path: each contract operation compiled into one ASGI endpoint, in front of the
contract's Connexion app, which stays the reference.

Connexion answers a request through some twenty ASGI layers. The fast path makes the same
decisions (route, credential, rate limit, body size, parameters and body against the same
compiled validators, the same handler with the same arguments) in one call, and takes a
request only when every decision is a plain yes. Everything else (an unknown route, a wrong
method, the docs, a missing credential, an invalid value, a spent rate limit, a domain
refusal) is handed to the Connexion app as it arrived, its body replayed, so every error
answer and every request outside the compiled operations are Connexion's own.
`tests/integration/test_fast_path_equivalence.py` sends the same requests with and without
the fast path and compares the answers.
"""

from .endpoint import FastPath, compile_fast_path

__all__ = ["FastPath", "compile_fast_path"]
