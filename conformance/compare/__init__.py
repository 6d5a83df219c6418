"""`conformance compare`: the suite's generated stateful sequences, drawn once from one
seed, sent to a reference and a candidate in lockstep, their answers compared step by step.

Layer order: the reference's client drives the contract's own state machine (the one the
suite judges a single target with) → every request it sends is translated into each other
side's values and sent there too (`mirroring`) → the two answers are compared, server-chosen
values mapped between the sides (`answers`, `values`) → what also differs between two
references is noise (`noise`) → known differences explain the rest or are stale (`known`) →
the report, as text and JUnit (`report`).
"""
