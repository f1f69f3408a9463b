"""For each changed ledger entry in the DynamoDB stream batch: write an audit line to the reports bucket.
Failed records are reported back so that only they are retried (ReportBatchItemFailures)."""
import json
import os

import boto3

s3 = boto3.client("s3")


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            keys = record["dynamodb"]["Keys"]
            line = {"event": record["eventName"], "keys": keys, "at": record["dynamodb"].get("ApproximateCreationDateTime")}
            name = f"audit/{record['eventID']}.json"
            s3.put_object(Bucket=os.environ["REPORTS_BUCKET"], Key=name, Body=json.dumps(line).encode())
        except Exception:  # noqa: BLE001 - the record is retried, the others are not
            failures.append({"itemIdentifier": record["dynamodb"]["SequenceNumber"]})
    return {"batchItemFailures": failures}
