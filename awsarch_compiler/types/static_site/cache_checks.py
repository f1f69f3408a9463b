"""Checks of a ``static-site``'s ``cache:`` entries: each names the default behaviour or a route,
lifetimes are ordered, a cache that keeps nothing keys on nothing, and the Authorization header
is keyed (CloudFront refuses it in an origin request policy)."""
from __future__ import annotations

from ...core.diagnostics import did_you_mean, error
from .caching import DEFAULT


def check_cache(comp):
    path = ("components", comp.name, "cache")
    patterns = [DEFAULT] + list(comp.routes)
    for pattern, cache in comp.cache.items():
        here = path + (pattern,)
        if pattern not in patterns:
            yield error("E2555", f"cache names '{pattern}', which is neither default nor one of the routes", here,
                        did_you_mean(pattern, patterns) or f"use one of: {', '.join(patterns)}")
        if not cache.min_ttl <= cache.default_ttl <= cache.max_ttl:
            yield error("E2556", f"the lifetimes must rise: min_ttl {cache.min_ttl} <= default_ttl "
                                 f"{cache.default_ttl} <= max_ttl {cache.max_ttl}", here,
                        "order min_ttl, default_ttl and max_ttl")
        if cache.max_ttl == 0 and cache.keyed:
            yield error("E2557", "max_ttl: 0 turns caching off, and CloudFront then takes nothing in the cache key",
                        here, "move the query strings, headers and cookies to forward:, or raise max_ttl")
        forwarded = cache.forward.headers if cache.forward is not None else ()
        if any(h.lower() == "authorization" for h in forwarded):
            yield error("E2558", "CloudFront forwards the Authorization header only as part of the cache key",
                        here + ("forward", "headers"), "list Authorization under headers: instead of forward:")
