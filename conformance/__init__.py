"""Conformance suite: judges any server against the product-image contracts by its answers.

The layers and front ends are the same for every contract; each contract is a package
(`<contract>/`) that provides one `suite.ContractSuite`. In the order a run goes through:

- `contracts` + `settings`: which contract, from the user's options.
- the contract's views: the documented view (the conventions of the document's prose made
  explicit) and the fuzzing view (pinned to what the run may touch, operations linked).
- `client`: the target client. Authenticates, lets the contract's policy refuse writes
  outside what the run may touch, paces from RateLimit-* and waits out throttling, records
  every exchange; `curl` renders an exchange as a command that runs as printed, with
  secrets left as variables; `front_end` tells the answers of a deployment's proxy or
  gateway, which no rule judges.
- `fuzzing` + `checks` (+ the contract's reply rules): the schema-driven layer, Schemathesis'
  positive and negative requests; `linked`: its stateful mode over the links.
- the contract's state machine (`machine.ContractMachine`): the model-based layer, checked
  against a plain model after every step.
- `validation`: openapi-core replays every recorded response against the documented view.
- `runner`: runs the layers in that order, each stopped alone by what it cannot judge (a
  finding, not a crash), and gathers `findings`; `cli` and `pytest_plugin` are its two front
  ends, `reporting` the CLI's summary.
"""
