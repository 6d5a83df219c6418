"""The faults file given with `--faults`: YAML (or JSON) of the same shape as the admin
route's body::

    seed: 7                        # the random generator's seed: the same run, the same faults
    rules:
      - contract: example          # optional: a served contract's name
        operation: uploadImage     # optional: an operationId of its document
        status: 503                # optional: answer with this error status...
        rate: 0.25                 # ...for this share of matching requests (default 1)
        retry_after: 2             # Retry-After seconds of a 429 or 503 (default 1)
      - contract: example
        latency_ms: [200, 1500]    # a delay drawn uniformly from [min, max], or a number
      - operation: addPicture
        drop: true                 # close the connection mid-answer
        rate: 0.1
"""

from __future__ import annotations

import logging
import pathlib

from ..http.decoding import yaml_text
from .middleware import ConnectionDropped
from .plan import FaultPlan, FaultPlanError, parse_plan


def load_fault_plan(path: pathlib.Path | None) -> FaultPlan:
    if path is None:
        return FaultPlan()
    try:
        data = yaml_text.load(yaml_text.read_text(path))
    except OSError as error:
        raise FaultPlanError(f"cannot read faults file {path}: {error.strerror}") from None
    except yaml_text.BoundedYAMLError as error:
        raise FaultPlanError(f"{path} {error}") from None
    rules, seed = parse_plan(data, str(path))
    return FaultPlan(rules, seed)


class _DroppedOnPurpose(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], ConnectionDropped))


def quiet_dropped_connections() -> None:
    """uvicorn logs an app that fails mid-answer with its traceback; a drop is asked for."""
    logging.getLogger("uvicorn.error").addFilter(_DroppedOnPurpose())
