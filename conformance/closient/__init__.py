"""The Closient Brand Dashboard images contract: its views of the document, its reply rules
(problem details, rate-limit headers), the target policy (one product, images the run made)
and the gallery state machine."""
