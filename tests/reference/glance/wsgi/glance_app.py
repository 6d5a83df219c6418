"""The WSGI entry gunicorn loads in the reference venv: Glance's own application with
keystonemiddleware's one call to Keystone (`fetch_token`) answered from a local token table.

Runs in Glance's interpreter, not the project's: imports nothing of the project. The table
is a JSON file named by GLANCE_REFERENCE_TOKENS: {token: {project_id, user_id, roles}}.
"""

from __future__ import annotations

import datetime
import json
import os
from typing import Any

from keystonemiddleware import auth_token
from keystonemiddleware.auth_token import _exceptions

KEYSTONE_TIME = "%Y-%m-%dT%H:%M:%S.000000Z"
DOMAIN = {"id": "default", "name": "Default"}

with open(os.environ["GLANCE_REFERENCE_TOKENS"], encoding="utf-8") as table:
    TOKENS: dict[str, dict[str, Any]] = json.load(table)


def fetch_token(_self: object, token: str, **_kwargs: object) -> dict[str, Any]:
    """A Keystone v3 token validation body, as `GET /v3/auth/tokens` returns it."""
    entry = TOKENS.get(token)
    if entry is None:
        raise _exceptions.InvalidToken("The request you have made requires authentication.")
    now = datetime.datetime.now(datetime.UTC)
    return {
        "token": {
            "methods": ["password"],
            "issued_at": now.strftime(KEYSTONE_TIME),
            "expires_at": (now + datetime.timedelta(hours=12)).strftime(KEYSTONE_TIME),
            "user": {"id": entry["user_id"], "name": entry["user_id"], "domain": DOMAIN},
            "project": {"id": entry["project_id"], "name": entry["project_id"], "domain": DOMAIN},
            "roles": [{"id": role, "name": role} for role in entry["roles"]],
            "catalog": [],
        }
    }


auth_token.AuthProtocol.fetch_token = fetch_token

# Imported after the patch on purpose: building the app builds the auth filter.
from glance.wsgi.api import application  # noqa: E402

__all__ = ["application"]
