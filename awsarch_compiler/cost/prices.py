"""The vendored price table: ``prices.json``, dated and sourced, one section per region."""
from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources

PRICES_FILE = "prices.json"


@lru_cache(maxsize=1)
def document() -> dict:
    return json.loads(resources.files(__package__).joinpath(PRICES_FILE).read_text(encoding="utf-8"))


def regions() -> list[str]:
    return sorted(document()["regions"])


class Prices:
    """The prices of one region: ``p.get("nat", "hour")``, ``p.size("ec2", "t3.medium")``."""

    def __init__(self, region: str):
        doc = document()
        section = doc["regions"][region]  # KeyError: not a priced region
        self.region = region
        self.date, self.source = doc["date"], doc["source"]
        self.hours = doc["hours_per_month"]
        self.vcpus_by_size = doc["vcpus_by_size"]
        self.services = copy.deepcopy(doc["common"])
        for service, values in section.get("overrides", {}).items():
            self.services[service].update(values)
        self.sizes = {k: v for k, v in section.items() if k != "overrides"}

    def get(self, service: str, key: str) -> float:
        return self.services[service][key]

    def size(self, table: str, name: str) -> float | None:
        """The hourly price of an instance type or class, or None when the table does not list it."""
        return self.sizes.get(table, {}).get(name)

    def vcpus(self, instance_class: str) -> int:
        return self.vcpus_by_size.get(instance_class.rsplit(".", 1)[-1], 2)


@lru_cache(maxsize=None)
def for_region(region: str) -> Prices:
    return Prices(region)
