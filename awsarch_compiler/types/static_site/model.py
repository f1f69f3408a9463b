"""The ``static-site`` model and its logical IDs."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Union

from ...core.model import Component, empty
from ...core.naming import logical_id
from ...core.waf import Waf
from .caching import Cache

TYPE_NAME = "static-site"
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"  # the hosted zone of every *.cloudfront.net alias target


@dataclass(frozen=True, kw_only=True)
class StaticSite(Component):
    domain: Optional[str] = None
    aliases: tuple[str, ...] = ()
    certificate: Optional[str] = None
    spa: bool = True
    default_root_object: str = "index.html"
    routes: Mapping[str, str] = empty()
    cache: Mapping[str, Cache] = empty()  # "default" or a route's path pattern -> its cache key
    waf: Union[bool, Waf] = False
    waf_rate_limit: int = 2000
    access_logs: bool = True
    price_class: str = "PriceClass_100"


def distribution_id(name: str) -> str:
    return logical_id(name, "Distribution")


def host_names(comp: StaticSite) -> list[str]:
    """The distribution's alternate domain names: ``domain`` first, then ``aliases``."""
    names = [comp.domain] if comp.domain else []
    return names + [a for a in comp.aliases if a not in names]


def bucket_id(name: str) -> str:
    """The site's content bucket."""
    return logical_id(name, "Bucket")
