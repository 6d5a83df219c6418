"""Faults and latency on demand: slow, failing or dropped answers, for building a frontend's
spinners, retries and error states against the mock.

A request asks for its own with `Prefer: code=<status>` and `Prefer: delay=<ms>`; rules
from a faults file or `PUT /__admin/faults` apply them to operations at a rate, from a
seeded random generator. A faulted answer is rendered by the contract's own error renderer
and never reaches a handler, so it changes no state.
"""
