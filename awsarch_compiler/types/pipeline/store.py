"""The artifact store: a customer-managed key and a versioned, lifecycle-managed, TLS-only bucket.

Both live in the data stack, beside the architecture's other buckets: the hosts a pipeline deploys to
read revisions from the bucket, and the pipeline's stack needs those hosts, so the store must come
before both.
"""
from __future__ import annotations

from awacs import kms as awacs_kms
from awacs import s3 as awacs_s3
from awacs.aws import Allow, Statement
from troposphere import GetAtt, Sub, s3

from ...core.context import Context
from ...platform import kms
from ...platform.buckets import private_bucket
from .model import Pipeline, artifact_bucket_id, artifact_key_id

LAYER = "data"
READ = (awacs_s3.GetObject, awacs_s3.GetObjectVersion)
WRITE = (awacs_s3.PutObject,)


def generate(comp: Pipeline, ctx: Context) -> None:
    kms.add_key(ctx, artifact_key_id(comp.name), f"{ctx.arch.name} {comp.name}: encrypts pipeline artifacts",
                f"alias/{ctx.arch.name}/{comp.name}-artifacts", component=comp, layer=LAYER)
    days = comp.artifact_retention_days
    rule = s3.LifecycleRule(
        Id="ExpireArtifacts", Status="Enabled", ExpirationInDays=days,
        NoncurrentVersionExpiration=s3.NoncurrentVersionExpiration(NoncurrentDays=days),
        AbortIncompleteMultipartUpload=s3.AbortIncompleteMultipartUpload(DaysAfterInitiation=7))
    bucket = private_bucket(ctx, comp, artifact_bucket_id(comp.name), kms_key=artifact_key_id(comp.name),
                            rules=[rule], layer=LAYER)
    ctx.suppress(bucket, "CKV_AWS_144", "pipeline artifacts are rebuilt from the source; they need no copy "
                                        "in another region")
    ctx.suppress(bucket, "CKV2_AWS_62", "nothing reacts to new artifacts: the pipeline itself passes them on")


def objects_arn(comp: Pipeline):
    return Sub(f"${{{artifact_bucket_id(comp.name)}.Arn}}/*")


def statements(comp: Pipeline, write: bool) -> list[Statement]:
    """Read (and with ``write``, put) the pipeline's artifacts, with the key to decrypt (and encrypt) them."""
    actions = list(READ) + (list(WRITE) if write else [])
    keys = [awacs_kms.Decrypt] + ([awacs_kms.Encrypt, awacs_kms.GenerateDataKey] if write else [])
    out = [Statement(Effect=Allow, Action=actions, Resource=[objects_arn(comp)]),
           Statement(Effect=Allow, Action=[awacs_kms.DescribeKey, *keys],
                     Resource=[GetAtt(artifact_key_id(comp.name), "Arn")])]
    if write:
        out.insert(1, Statement(Effect=Allow, Action=[awacs_s3.GetBucketLocation, awacs_s3.GetBucketVersioning],
                                Resource=[GetAtt(artifact_bucket_id(comp.name), "Arn")]))
    return out
