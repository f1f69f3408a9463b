"""POST /signup stores an e-mail address for the newsletter."""
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["SIGNUPS_TABLE"])


def handler(event, context):
    body = json.loads(event.get("body") or "{}")
    email = str(body.get("email", "")).strip().lower()
    if "@" not in email:
        return {"statusCode": 400, "body": json.dumps({"error": "an e-mail address is required"})}
    table.put_item(Item={"email": email})
    return {"statusCode": 201, "body": json.dumps({"email": email})}
