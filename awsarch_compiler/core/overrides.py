"""What the ``overrides:`` escape hatch changed, for the compile summary, and which of it is unsafe.

An override patches a generated resource past every check and secure
default, so none may be silent: :func:`notes` lists each one (the logical
ID and the keys it sets) for the summary, and :func:`weakening` warns (W503,
located at the override) about each fragment that weakens a security
property:

- open network access: a ``0.0.0.0/0`` or ``::/0`` CIDR anywhere, or any
  ingress rule by CIDR (SSH from an office range is still a door);
- public access: a public-access-block flag, ``PubliclyAccessible``,
  ``MapPublicIpOnLaunch`` or ``AssociatePublicIpAddress`` set to allow it, a
  public ACL, an ``internet-facing`` scheme, or a policy ``Principal`` of ``*``;
- encryption or TLS off: an ``Encrypt``/``SSE``/``TLS`` flag set to false, or
  IMDSv2 made optional;
- wildcard IAM: an ``Allow`` statement whose action or resource is ``*``
  (or ``service:*``).
"""
from __future__ import annotations

from collections.abc import Mapping

from .diagnostics import Diagnostic, warning

OPEN_CIDRS = ("0.0.0.0/0", "::/0")
PUBLIC_FLAGS = {"PubliclyAccessible": True, "MapPublicIpOnLaunch": True, "AssociatePublicIpAddress": True,
                "BlockPublicAcls": False, "BlockPublicPolicy": False, "IgnorePublicAcls": False,
                "RestrictPublicBuckets": False}
PUBLIC_ACLS = ("PublicRead", "PublicReadWrite", "AuthenticatedRead")
PROTECTIVE_WORDS = ("encrypt", "sse", "tls", "transit")  # a key with one of these set to false turns protection off
LISTED_KEYS = 6  # keys named per override in its summary note


def _items(value):
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, (list, tuple)):
        return list(enumerate(value))
    return []


def leaves(value, path=()) -> list[tuple[tuple, object]]:
    """(path, value) of every scalar in a fragment, iteratively."""
    out, stack = [], [(path, value)]
    while stack:
        here, node = stack.pop()
        items = _items(node)
        if not items and not isinstance(node, (Mapping, list, tuple)):
            out.append((here, node))
        stack.extend((here + (k,), v) for k, v in reversed(items))
    return out


def _text(path) -> str:
    return ".".join(str(p) for p in path)


def _statement_problem(statement) -> str | None:
    if not isinstance(statement, Mapping) or statement.get("Effect") != "Allow":
        return None
    for key in ("Action", "Resource"):
        values = statement.get(key)
        values = values if isinstance(values, (list, tuple)) else [values]
        wild = [v for v in values if isinstance(v, str) and (v == "*" or v.endswith(":*"))]
        if wild:
            return f"allows {key} {wild[0]} (wildcard IAM)"
    return None


def _leaf_problem(path: tuple, value, ingress: bool) -> str | None:
    key = str(path[-1]) if path else ""
    if isinstance(value, str) and value in OPEN_CIDRS:
        return f"opens {_text(path)} to {value} (any address)"
    if ingress and key in ("CidrIp", "CidrIpv6"):
        return f"admits ingress from the CIDR {value} ({_text(path)})"
    if key in PUBLIC_FLAGS and value is PUBLIC_FLAGS[key]:
        return f"sets {_text(path)}: {str(value).lower()} (public access)"
    if key in ("AccessControl", "CannedACL") and value in PUBLIC_ACLS:
        return f"sets {_text(path)}: {value} (public access)"
    if key == "Scheme" and value == "internet-facing":
        return f"sets {_text(path)}: internet-facing (public access)"
    if key == "Principal" and value == "*" or (key == "AWS" and "Principal" in path and value == "*"):
        return f"sets {_text(path)}: * (public access)"
    if value is False and any(word in key.lower() for word in PROTECTIVE_WORDS):
        return f"sets {_text(path)}: false (encryption or TLS off)"
    if key == "HttpTokens" and value == "optional":
        return f"sets {_text(path)}: optional (IMDSv1 allowed)"
    return None


def problems(fragment) -> list[str]:
    """Why ``fragment`` (one override) weakens security, one reason per finding, in order."""
    out = []
    for path, value in leaves(fragment):
        ingress = any("Ingress" in str(p) for p in path)
        found = _leaf_problem(path, value, ingress)
        if found and found not in out:
            out.append(found)
    stack = [fragment]
    while stack:  # IAM statements anywhere in the fragment
        node = stack.pop()
        if isinstance(node, Mapping) and "Effect" in node:
            found = _statement_problem(node)
            if found and found not in out:
                out.append(found)
        stack.extend(v for _, v in _items(node))
    return out


def notes(overrides: Mapping) -> list[str]:
    """One summary line per override: the logical ID and what it sets."""
    out = []
    for logical in sorted(overrides):
        keys = sorted({_text(p[:2]) for p, _ in leaves(overrides[logical])}) or ["(nothing)"]
        shown = ", ".join(keys[:LISTED_KEYS]) + (f" and {len(keys) - LISTED_KEYS} more" if len(keys) > LISTED_KEYS else "")
        out.append(f"overrides.{logical}: patches the generated resource ({shown}), past the compiler's checks")
    return out


def weakening(overrides: Mapping) -> list[Diagnostic]:
    """W503 for each override that weakens a security property, at the override."""
    out = []
    for logical in sorted(overrides):
        found = problems(overrides[logical])
        if found:
            out.append(warning("W503", f"the override of {logical} weakens a secure default: " + "; ".join(found[:3])
                               + (f"; and {len(found) - 3} more" if len(found) > 3 else ""), ("overrides", logical),
                               "make sure it is meant, or express it in the DSL where a field offers it"))
    return out
