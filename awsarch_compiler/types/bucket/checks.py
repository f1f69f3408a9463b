"""Semantic checks of a ``bucket``: lifecycle rules, notifications, archive tiers, object lock,
replication and inventory."""
from __future__ import annotations

from ...core.diagnostics import error
from ...core.references import reference_errors
from . import notifications
from .model import TYPE_NAME, Bucket, IntelligentTiering


def check(comp: Bucket, arch):
    for i, rule in enumerate(comp.lifecycle):
        path = ("components", comp.name, "lifecycle", i)
        if rule.storage_class and rule.transition_after_days is None:
            yield error("E1001", "storage_class needs transition_after_days", path + ("storage_class",))
        if rule.expire_noncurrent_after_days and not comp.versioned:
            yield error("E1002", "expire_noncurrent_after_days needs a versioned bucket", path,
                        "remove it, or set versioned: true")
    yield from notifications.check(arch, comp.name)
    yield from _tiering(comp)
    here = ("components", comp.name)
    if comp.object_lock is not None and not comp.versioned:
        yield error("E1070", "object_lock needs a versioned bucket", here + ("object_lock",),
                    "remove versioned: false (object lock protects object versions)")
    yield from _replication(comp, arch)
    if comp.inventory is not None:
        yield from _destination(comp, arch, comp.inventory.destination, here + ("inventory", "destination"),
                                "inventory destination")


def _tiering(comp: Bucket):
    spec = comp.intelligent_tiering
    if not isinstance(spec, IntelligentTiering):
        return
    path = ("components", comp.name, "intelligent_tiering")
    if spec.archive_after_days is None and spec.deep_archive_after_days is None:
        yield error("E1077", "intelligent_tiering names no archive tier", path,
                    "add archive_after_days: 90 and/or deep_archive_after_days: 180, or write intelligent_tiering: true")
    elif (spec.archive_after_days is not None and spec.deep_archive_after_days is not None
          and spec.deep_archive_after_days <= spec.archive_after_days):
        yield error("E1075", f"deep_archive_after_days ({spec.deep_archive_after_days}) must be more than "
                             f"archive_after_days ({spec.archive_after_days})", path + ("deep_archive_after_days",),
                    f"raise it above {spec.archive_after_days}, or drop the archive tier")


def _destination(comp: Bucket, arch, name: str, path: tuple, what: str):
    found = reference_errors(arch, name, path, (TYPE_NAME,), what)
    if found:
        yield from found
    elif name == comp.name:
        yield error("E1073", f"the {what} is the bucket itself", path, "name another bucket component")


def _replication(comp: Bucket, arch):
    for i, rule in enumerate(comp.replication):
        path = ("components", comp.name, "replication", i)
        if (rule.destination is None) == (rule.destination_bucket is None):
            yield error("E1074", "a replication rule names exactly one of destination and destination_bucket", path,
                        "destination: a bucket component, or destination_bucket: an existing bucket's name")
            continue
        if not comp.versioned:
            yield error("E1071", "replication needs a versioned source bucket", ("components", comp.name, "versioned"),
                        "remove versioned: false (S3 replicates object versions)")
        if rule.destination_bucket is not None:
            if comp.encryption == "kms":
                yield error("E1076", "objects under this bucket's customer key cannot be replicated to a bucket "
                                     "whose key the compiler does not know", path + ("destination_bucket",),
                            "replicate to a bucket component (its key is known), or use encryption: s3")
            continue
        found = list(_destination(comp, arch, rule.destination, path + ("destination",), "replication destination"))
        yield from found
        if not found and not arch.components[rule.destination].versioned:
            yield error("E1072", f"replication destination '{rule.destination}' keeps no versions",
                        path + ("destination",), f"remove versioned: false from '{rule.destination}'")
