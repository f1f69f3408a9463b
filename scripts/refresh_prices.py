#!/usr/bin/env python3
"""Refresh the vendored price table (awsarch_compiler/cost/prices.json) from the AWS Price List.

The cost estimate works offline from a committed, dated table. With network
access, this script reads the public AWS Price List bulk offer files (no
credentials needed), one per service and region:

  https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<OFFER>/current/<REGION>/index.json

and replaces, for every region the table lists, the on-demand hourly price of
each instance type or class already in its tables:

  ec2             AmazonEC2          Compute Instance, Linux, shared tenancy, no pre-installed software
  rds_postgres    AmazonRDS          Database Instance, PostgreSQL, Single-AZ
  rds_mysql       AmazonRDS          Database Instance, MySQL, Single-AZ
  aurora_instances AmazonRDS         Database Instance, Aurora PostgreSQL
  elasticache     AmazonElastiCache  Cache Instance, Redis

then sets the table's date to today and prints every price that changed.
The per-unit service prices under "common" and a region's "overrides" (NAT,
load balancers, Lambda, ...) are not refreshed by this script: check them on
the services' pricing pages when the date moves, and edit them by hand.

Usage:
  python scripts/refresh_prices.py             rewrite the table, print the changes
  python scripts/refresh_prices.py --dry-run   print the changes only
"""
from __future__ import annotations

import datetime
import json
import sys
import urllib.request
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "awsarch_compiler" / "cost" / "prices.json"
URL = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/{offer}/current/{region}/index.json"
# table -> (offer, product family, attribute filters)
SOURCES = {
    "ec2": ("AmazonEC2", "Compute Instance", {"operatingSystem": "Linux", "tenancy": "Shared",
                                              "preInstalledSw": "NA", "capacitystatus": "Used"}),
    "rds_postgres": ("AmazonRDS", "Database Instance", {"databaseEngine": "PostgreSQL", "deploymentOption": "Single-AZ"}),
    "rds_mysql": ("AmazonRDS", "Database Instance", {"databaseEngine": "MySQL", "deploymentOption": "Single-AZ"}),
    "aurora_instances": ("AmazonRDS", "Database Instance", {"databaseEngine": "Aurora PostgreSQL"}),
    "elasticache": ("AmazonElastiCache", "Cache Instance", {"cacheEngine": "Redis"}),
}


def hourly_prices(offer: dict, family: str, filters: dict) -> dict[str, float]:
    """instance type -> on-demand USD per hour, from one offer file's products and terms."""
    skus = {}
    for sku, product in offer.get("products", {}).items():
        attrs = product.get("attributes", {})
        if product.get("productFamily") == family and all(attrs.get(k) == v for k, v in filters.items()):
            skus[sku] = attrs.get("instanceType")
    out = {}
    for sku, terms in offer.get("terms", {}).get("OnDemand", {}).items():
        if sku not in skus or not skus[sku]:
            continue
        for term in terms.values():
            for dimension in term.get("priceDimensions", {}).values():
                price = float(dimension.get("pricePerUnit", {}).get("USD", "0") or 0)
                if dimension.get("unit") in ("Hrs", "Hours") and price > 0:
                    out[skus[sku]] = min(price, out.get(skus[sku], price))
    return out


def fetch(offer: str, region: str) -> dict:
    with urllib.request.urlopen(URL.format(offer=offer, region=region), timeout=600) as response:
        return json.load(response)


def refresh(table: dict, load=fetch) -> list[str]:
    """Update ``table`` in place from the offers ``load(offer, region)`` returns; the changes, one line each."""
    changes, cache = [], {}
    for region, section in sorted(table["regions"].items()):
        for name, (offer, family, filters) in SOURCES.items():
            if (offer, region) not in cache:
                cache[(offer, region)] = load(offer, region)
            found = hourly_prices(cache[(offer, region)], family, filters)
            for size, old in sorted(section.get(name, {}).items()):
                new = found.get(size)
                if new is not None and abs(new - old) > 1e-9:
                    section[name][size] = new
                    changes.append(f"{region} {name} {size}: {old} -> {new}")
    table["date"] = datetime.date.today().isoformat()
    return changes


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    changes = refresh(table)
    print("\n".join(changes) or "no price changed")
    if "--dry-run" not in argv:
        TABLE.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {TABLE} (date {table['date']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
