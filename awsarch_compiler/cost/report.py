"""An estimate as a table or JSON, and the difference between two environments' estimates."""
from __future__ import annotations

import json

from .estimate import Estimate


def money(value: float) -> str:
    return f"${value:,.2f}"


def _price(value) -> str:
    if value is None:
        return "not in table"
    return f"${value:.6f}".rstrip("0").rstrip(".") if value < 0.01 else f"${value:,.4f}".rstrip("0").rstrip(".")


def table(est: Estimate) -> str:
    env = f" --env {est.env}" if est.env else ""
    out = [f"monthly estimate of {est.name}{env} in {est.region}, on-demand list prices of {est.date}", "",
           f"  {'component':<20} {'item':<58} {'quantity':>28} {'unit price':>12} {'per month':>11}"]
    for line in sorted(est.lines, key=lambda l: (l.component, -l.monthly, l.item)):
        qty = f"{line.quantity:,.2f} {line.unit}"
        out.append(f"  {line.component:<20} {line.item[:58]:<58} {qty:>28} {_price(line.unit_price):>12} "
                   f"{money(line.monthly):>11}")
    out += ["", "  per component:"]
    for name, value in sorted(est.by_component().items(), key=lambda kv: (-kv[1], kv[0])):
        out.append(f"    {name:<22} {money(value):>11}")
    out += [f"  total {money(est.total)} per month ({money(est.total * 12)} per year)", "", "  assumptions:"]
    for owner, texts in sorted(est.assumptions.items()):
        out.append(f"    {owner}: " + "; ".join(texts))
    if est.unpriced():
        out.append("  not priced (not in the price table): " + ", ".join(sorted({l.item for l in est.unpriced()})))
    out.append(f"  prices: {est.source}")
    return "\n".join(out) + "\n"


def as_dict(est: Estimate) -> dict:
    return {"architecture": est.name, "env": est.env, "region": est.region, "prices_date": est.date,
            "prices_source": est.source, "currency": "USD", "total_monthly": round(est.total, 2),
            "components": {k: round(v, 2) for k, v in sorted(est.by_component().items())},
            "lines": [{"component": l.component, "item": l.item, "quantity": round(l.quantity, 4), "unit": l.unit,
                       "unit_price": l.unit_price, "monthly": round(l.monthly, 2)} for l in est.lines],
            "assumptions": {k: v for k, v in sorted(est.assumptions.items())}}


def as_json(est: Estimate) -> str:
    return json.dumps(as_dict(est), indent=2) + "\n"


def difference(base: Estimate, other: Estimate) -> dict[str, tuple[float, float]]:
    """Component -> (base monthly, other monthly), for every component either prices."""
    a, b = base.by_component(), other.by_component()
    return {name: (a.get(name, 0.0), b.get(name, 0.0)) for name in sorted(set(a) | set(b))}


def compare_table(base: Estimate, other: Estimate) -> str:
    left, right = base.env or "(file)", other.env or "(file)"
    out = [f"monthly estimate of {base.name} in {base.region}: {left} against {right}", "",
           f"  {'component':<22} {left:>12} {right:>12} {'difference':>12}"]
    for name, (x, y) in difference(base, other).items():
        out.append(f"  {name:<22} {money(x):>12} {money(y):>12} {money(y - x):>12}")
    out.append(f"  {'total':<22} {money(base.total):>12} {money(other.total):>12} {money(other.total - base.total):>12}")
    return "\n".join(out) + "\n"


def compare_json(base: Estimate, other: Estimate) -> str:
    rows = {name: {"base": round(x, 2), "other": round(y, 2), "difference": round(y - x, 2)}
            for name, (x, y) in difference(base, other).items()}
    return json.dumps({"base": as_dict(base), "other": as_dict(other), "components": rows,
                       "difference_monthly": round(other.total - base.total, 2)}, indent=2) + "\n"
