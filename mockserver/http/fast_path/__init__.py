"""The fast path: each contract operation compiled into one ASGI endpoint, in front of the
contract's Connexion app, which stays the reference.

Connexion answers a request through some twenty ASGI layers. The fast path makes the same
decisions (route, credential, rate limit, body size, parameters and body against the same
compiled validators, the same handler with the same arguments) in one call, and takes a
request only when every decision before the handler is a plain yes. Everything else (an
unknown route, a wrong method, the docs, a missing credential, an invalid value, a spent
rate limit) is handed to the Connexion app as it arrived, its body replayed, before any
handler ran. A handler runs once: what it raises is rendered by the contract's own error
renderer, the one the Connexion app uses.
"""

from .endpoint import FastPath, compile_fast_path

__all__ = ["FastPath", "compile_fast_path"]
