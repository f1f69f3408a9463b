"""The top-level ``encryption:`` switch. ``aws-managed``: AWS-managed keys only — no customer key in the
architecture. A component that asks for one (``encryption: kms``) and a backup vault under one are
errors; the compiler's own customer keys (the alarm topic's, the audit trail's, the vault's) are left
out, each listed in the summary."""
from __future__ import annotations

from ..core.diagnostics import Diagnostic, error
from ..core.model import Architecture

AWS_MANAGED = "aws-managed"
CUSTOMER_KEY = "kms"  # the value of a component's ``encryption`` that asks for a customer key


def aws_managed_only(arch: Architecture) -> bool:
    return arch.encryption == AWS_MANAGED


def check(arch: Architecture) -> list[Diagnostic]:
    if not aws_managed_only(arch):
        return []
    out = []
    requests = [(("components", c.name, "encryption"), f"component '{c.name}'") for c in arch.components.values()
                if getattr(c, "encryption", None) == CUSTOMER_KEY]
    if arch.backup is not None and arch.backup.vault.encryption == CUSTOMER_KEY:
        requests.append((("backup", "vault", "encryption"), "the backup vault"))
    for path, what in requests:
        out.append(error("E389", f"{what} asks for a customer-managed key, and the architecture uses AWS-managed "
                                 "keys only (encryption: aws-managed)", path,
                         "remove encryption: kms here (the AWS-managed key is the default), or the top-level switch"))
    return out
