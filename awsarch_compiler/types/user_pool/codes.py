"""The diagnostic codes of the ``user-pool`` type: block 20, E2001 to E2099."""
from __future__ import annotations

from ...core.codes import Code

BLOCK = 20
CODES = {
    "E2001": Code("callback_urls are set without the hosted sign-in domain", "add domain: PREFIX"),
    "E2002": Code("logout_urls are set without callback_urls", "add callback_urls"),
    "E2003": Code("the domain prefix contains aws, amazon or cognito, which Cognito reserves", "choose another prefix"),
}
