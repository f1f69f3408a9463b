"""What each recovery strategy achieves: the recovery time, and the backup schedule of backup & restore.

Figures are the AWS disaster-recovery whitepaper's (and the seeds'): backup & restore recovers in
hours (the stacks are deployed and the data restored after the loss), pilot light in 10-30 minutes
(data is there, compute scales up from zero), warm standby in 5-10 minutes (compute runs at reduced
size and scales out), active-active in about the time DNS takes to stop answering with the lost
region (health checks fail after 3 x 30 s, then the record's TTL).
"""
from __future__ import annotations


ORDER = ("backup-restore", "pilot-light", "warm-standby", "active-active")  # cheapest first
RTO_MINUTES = {"backup-restore": 240, "pilot-light": 30, "warm-standby": 10, "active-active": 2}
IDLE_COST = {
    "backup-restore": "backup copies and a vault in the secondary; nothing runs there",
    "pilot-light": "replicated data stores (a headless Aurora secondary, replicas, replicated buckets); compute at zero",
    "warm-standby": "replicated data stores with readers, compute at reduced size",
    "active-active": "a full copy of every component, serving traffic",
}
BACKUP_SCHEDULE = "cron(0 * ? * * *)"


def rto(strategy: str) -> int:
    return RTO_MINUTES[strategy]


def fastest_within(rto_minutes: int) -> str | None:
    """The cheapest strategy that recovers within ``rto_minutes``, or None."""
    return next((s for s in ORDER if RTO_MINUTES[s] <= rto_minutes), None)


def replicates(strategy: str) -> bool:
    """Whether data is replicated continuously (every strategy but backup & restore)."""
    return strategy != "backup-restore"
