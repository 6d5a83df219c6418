"""The embedded demo seed's names and credentials, for every contract: the one place tests
take them from (tests/unit/test_demo.py checks each is in the seed)."""

from __future__ import annotations

# Closient: organizations, their products (GTIN-14) and principals.
DEMO_ORG = "daqF5uqgcxrLXCkVJQEsLJ"
OTHER_ORG = "A7x7sdpJTpYcaBqrUC8eex"
GTIN = "00012345678905"
SECOND_GTIN = "04006381333931"
OTHER_ORG_GTIN = "05012345678900"
CONTRIBUTOR_KEY = "csb_democontributor_k7Qx"
CONTRIBUTOR_BEARER = "demo-contributor-token"
CONTRIBUTOR_SESSION = "demo-contributor-session"
VIEWER_KEY = "csb_demoviewer_p3Lm"
OTHER_CONTRIBUTOR_KEY = "csb_othercontributor_z9Vd"

# Cloud Images: the demo project, its token, and another project's.
CLOUD_PROJECT = "9b1d5c3e0a4f4d2c8e7f6a5b4c3d2e1f"
CLOUD_TOKEN = "gAAAAAdemo-cloud-token"
CLOUD_ADMIN_TOKEN = "gAAAAAdemo-cloud-admin-token"
OTHER_CLOUD_TOKEN = "gAAAAAother-cloud-token"

# Bitrix24: the admin's and the viewer's webhooks (user id, code), the admin's token.
BITRIX_USER, BITRIX_WEBHOOK_CODE = 1, "k3q9x2v7m1p8z4r6"
BITRIX_VIEWER, BITRIX_VIEWER_WEBHOOK_CODE = 7, "v7ew3r5t0k9x2m4q"
BITRIX_TOKEN = "demo-bitrix-token"
BITRIX_PRODUCT = 1
BITRIX_OTHER_PRODUCT = 2


def images_path(organization: str = DEMO_ORG, gtin: str = GTIN) -> str:
    return f"/dashboard/api/v1/trade-items/{organization}/{gtin}/images"


def auth(key: str = CONTRIBUTOR_KEY) -> dict[str, str]:
    return {"X-API-Key": key}
