"""POST /events: put each click event on the clicks stream, keyed by page."""
import json
import os

import boto3

kinesis = boto3.client("kinesis")


def handler(event, context):
    body = json.loads(event.get("body") or "{}")
    page = str(body.get("page", "unknown"))
    kinesis.put_record(StreamName=os.environ["CLICKS_STREAM_NAME"], PartitionKey=page,
                       Data=json.dumps({"page": page, "at": body.get("at")}).encode("utf-8"))
    return {"statusCode": 202, "body": ""}
