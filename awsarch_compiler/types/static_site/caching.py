"""Cache keys of a ``static-site``'s behaviours: ``cache:`` maps ``default`` (the bucket) or a
route's path pattern to what the cache key holds (query strings, headers, cookies), how long
responses are kept, and what else reaches the origin without splitting the cache. Each entry
becomes a generated ``AWS::CloudFront::CachePolicy`` (and an ``OriginRequestPolicy`` when it
forwards more than the key); behaviours without an entry keep the managed policies.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from troposphere import Ref, cloudfront

from ...core.naming import logical_id

DEFAULT = "default"


@dataclass(frozen=True, kw_only=True)
class Forward:
    query_strings: Union[str, tuple[str, ...]] = "none"
    headers: tuple[str, ...] = ()
    cookies: Union[str, tuple[str, ...]] = "none"


@dataclass(frozen=True, kw_only=True)
class Cache:
    query_strings: Union[str, tuple[str, ...]] = "none"  # none | all | names in the cache key
    headers: tuple[str, ...] = ()
    cookies: Union[str, tuple[str, ...]] = "none"
    default_ttl: int = 86400
    min_ttl: int = 0
    max_ttl: int = 31536000
    forward: Optional[Forward] = None  # sent to the origin too, outside the cache key

    @property
    def keyed(self) -> bool:
        return self.query_strings != "none" or bool(self.headers) or self.cookies != "none"


def _config(cls, field: str, value, allow: str):
    """A query-string or cookie config: "none", "all", or the names (a whitelist)."""
    behavior, names = (value, ()) if value in ("none", "all") else (allow, tuple(value))
    kwargs = {f"{field}Behavior": behavior}
    if names:
        kwargs[field + "s"] = list(names)
    return cls(**kwargs)


def _key(cache: Cache) -> cloudfront.ParametersInCacheKeyAndForwardedToOrigin:
    query = _config(cloudfront.CacheQueryStringsConfig, "QueryString", cache.query_strings, "whitelist")
    cookies = _config(cloudfront.CacheCookiesConfig, "Cookie", cache.cookies, "whitelist")
    headers = cloudfront.CacheHeadersConfig(HeaderBehavior="whitelist" if cache.headers else "none")
    if cache.headers:
        headers.Headers = list(cache.headers)
    return cloudfront.ParametersInCacheKeyAndForwardedToOrigin(
        EnableAcceptEncodingGzip=True, EnableAcceptEncodingBrotli=True,
        QueryStringsConfig=query, CookiesConfig=cookies, HeadersConfig=headers)


def _slug(pattern: str) -> str:
    return "Default" if pattern == DEFAULT else logical_id(pattern.replace("*", "any"))


def cache_policy(ctx, comp, pattern: str, cache: Cache, name: str) -> str:
    logical = logical_id(comp.name, _slug(pattern), "CachePolicy")
    ctx.add(cloudfront.CachePolicy(logical, CachePolicyConfig=cloudfront.CachePolicyConfig(
        Name=name, Comment=f"{comp.name} {pattern}: cache key"[:128], DefaultTTL=cache.default_ttl,
        MinTTL=cache.min_ttl, MaxTTL=cache.max_ttl, ParametersInCacheKeyAndForwardedToOrigin=_key(cache))),
        comp, tags=False)
    return Ref(logical)


def origin_request_policy(ctx, comp, pattern: str, forward: Forward, name: str) -> str:
    logical = logical_id(comp.name, _slug(pattern), "OriginRequestPolicy")
    query = _config(cloudfront.OriginRequestQueryStringsConfig, "QueryString", forward.query_strings, "whitelist")
    cookies = _config(cloudfront.OriginRequestCookiesConfig, "Cookie", forward.cookies, "whitelist")
    headers = cloudfront.OriginRequestHeadersConfig(HeaderBehavior="whitelist" if forward.headers else "none")
    if forward.headers:
        headers.Headers = list(forward.headers)
    ctx.add(cloudfront.OriginRequestPolicy(logical, OriginRequestPolicyConfig=cloudfront.OriginRequestPolicyConfig(
        Name=name, Comment=f"{comp.name} {pattern}: sent to the origin"[:128], QueryStringsConfig=query,
        CookiesConfig=cookies, HeadersConfig=headers)), comp, tags=False)
    return Ref(logical)


def apply(ctx, comp, pattern: str, behavior, name_of) -> None:
    """Replace the behaviour's managed policies by the generated ones of ``comp.cache[pattern]``."""
    cache = comp.cache.get(pattern)
    if cache is None:
        return
    behavior.CachePolicyId = cache_policy(ctx, comp, pattern, cache, name_of(f"{comp.name}-{_slug(pattern)}-cache"))
    if cache.forward is not None:
        behavior.OriginRequestPolicyId = origin_request_policy(
            ctx, comp, pattern, cache.forward, name_of(f"{comp.name}-{_slug(pattern)}-origin"))
    elif pattern == DEFAULT and "OriginRequestPolicyId" in behavior.properties:
        del behavior.properties["OriginRequestPolicyId"]
