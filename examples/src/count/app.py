"""Count page views from a batch of click records into the page-views table."""
import base64
import collections
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["PAGE_VIEWS_TABLE"])


def handler(event, context):
    counts = collections.Counter(json.loads(base64.b64decode(r["kinesis"]["data"]))["page"]
                                 for r in event["Records"])
    for page, views in counts.items():
        table.update_item(Key={"page": page}, UpdateExpression="ADD #views :n",
                          ExpressionAttributeNames={"#views": "views"}, ExpressionAttributeValues={":n": views})
    return {"pages": len(counts)}
