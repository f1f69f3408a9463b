"""How a pipeline deploys a static site: an S3 deploy action that unpacks the build output into the
site's bucket, then an invalidation of the distribution so viewers get the new files at once."""
from __future__ import annotations

from awacs import s3 as awacs_s3
from awacs.aws import Action, Allow, Statement
from troposphere import Ref, Sub

from ...core.naming import logical_id
from ..base import DeployAction
from .model import StaticSite, bucket_id, distribution_id

STRATEGIES = ("sync",)


def actions(comp: StaticSite, deploy, ctx, pipeline, artifact: str) -> list[DeployAction]:
    bucket, dist = bucket_id(comp.name), distribution_id(comp.name)
    upload = DeployAction(
        name=logical_id("deploy", comp.name), provider="S3",
        configuration={"BucketName": Ref(bucket), "Extract": "true"},
        statements=(Statement(Effect=Allow, Action=[awacs_s3.PutObject], Resource=[Sub(f"${{{bucket}.Arn}}/*")]),
                    Statement(Effect=Allow, Action=[awacs_s3.GetBucketLocation], Resource=[Sub(f"${{{bucket}.Arn}}")])))
    invalidate = DeployAction(
        name=logical_id("invalidate", comp.name), provider="commands",
        commands=('aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION_ID" --paths "/*"',),
        environment=(("DISTRIBUTION_ID", Ref(dist)),),
        statements=(Statement(Effect=Allow, Action=[Action("cloudfront", "CreateInvalidation")], Resource=[Sub(
            f"arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/${{{dist}}}")]),))
    return [upload, invalidate]
