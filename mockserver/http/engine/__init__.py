"""The engine: every operation of a contract's document compiled, at start-up, into one
ASGI endpoint, and one app (`endpoint.ContractEngine`) that answers every request of the
contract with them.

Connexion answers a request through some twenty ASGI layers. The engine makes the same
decisions (rate limit, the document, body size, route, credential, parameters, media type,
body, the same handler with the same arguments) in one call each, and answers every
refusal itself in the contract's own shape. It imports nothing of Connexion; Connexion's
stack over the same handlers (`http/connexion_stack.py`) is the reference the tests hold
it equal to, byte for byte.
"""

from .endpoint import ContractEngine, compile_engine

__all__ = ["ContractEngine", "compile_engine"]
