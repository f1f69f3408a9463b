"""The hooks of :class:`~.base.ComponentType` through which ``backup:`` plans (``platform.backup``) meet
the types whose data they protect."""
from __future__ import annotations

from typing import Optional

from ..core.backup import BackupScope
from ..core.model import Component


class DataProtection:
    backup_service: Optional[str] = None  # what AWS Backup protects of it (RDS, DynamoDB, EFS, EBS, S3); None: nothing

    def backup_scope(self, component: Component) -> Optional[BackupScope]:
        """What a ``backup:`` plan protects of this component (its resource ARNs, or its tagged volumes);
        None: the type holds nothing AWS Backup takes."""
        return None

    def backup_problem(self, component: Component) -> Optional[tuple[str, str]]:
        """(message, hint) when AWS Backup cannot protect the component as configured, else None."""
        return None
