"""Semantic checks of a ``user-pool``: the hosted sign-in domain and its URLs."""
from __future__ import annotations

from ...core.diagnostics import error
from .model import UserPool


def check(comp: UserPool, arch):
    path = ("components", comp.name)
    if comp.callback_urls and not comp.domain:
        yield error("E2001", "callback_urls need the hosted sign-in domain", path + ("callback_urls",),
                    "add domain: PREFIX (the hosted UI at PREFIX.auth.REGION.amazoncognito.com)")
    if comp.logout_urls and not comp.callback_urls:
        yield error("E2002", "logout_urls need callback_urls", path + ("logout_urls",),
                    "add callback_urls: [https://...]")
    if comp.domain and ("aws" in comp.domain or "amazon" in comp.domain or "cognito" in comp.domain):
        yield error("E2003", f"the domain prefix '{comp.domain}' may not contain aws, amazon or cognito",
                    path + ("domain",), "Cognito reserves those words; choose another prefix")
