"""Conformance suite: judges any server against the product-image contracts by its answers.

Architecture, in the order a run goes through it:

- `contract`: loads the published document and builds, in memory, the documented view (the
  API-wide error and rate-limit conventions of `info.description` made explicit) and the
  fuzzing view (pinned to the one product the run may touch).
- `client`: the target client. Authenticates, paces from RateLimit-* and waits out 429s,
  refuses writes outside the product or to images it did not create, records every
  exchange, deletes what it created.
- `fuzzing` + `checks` (+ `rules`): the schema-driven layer. Schemathesis generates positive
  and negative requests; the standard checks and the contract's own rules judge each answer.
- `stateful` + `model`: the model-based layer, a Hypothesis rule-based state machine checked
  against a plain `GalleryModel` after every step.
- `validation`: openapi-core replays every recorded response against the documented view.
- `runner`: runs the layers in that order and gathers `findings`; `cli` and `pytest_plugin`
  are its two front ends, `reporting` the CLI's summary.
"""
