"""GET /notes lists a user's notes; POST /notes stores one. The table is a global table: either region's
replica takes the write and DynamoDB replicates it to the other."""
import json
import os
import uuid

import boto3

table = boto3.resource("dynamodb").Table(os.environ["NOTES_TABLE"])


def handler(event, context):
    user = (event.get("queryStringParameters") or {}).get("user", "anonymous")
    if event["requestContext"]["http"]["method"] == "POST":
        note = json.loads(event.get("body") or "{}")
        item = {"user": user, "note": str(uuid.uuid4()), "text": str(note.get("text", ""))}
        table.put_item(Item=item)
        return {"statusCode": 201, "body": json.dumps(item)}
    items = table.query(KeyConditionExpression="#u = :u", ExpressionAttributeNames={"#u": "user"},
                        ExpressionAttributeValues={":u": user})["Items"]
    return {"statusCode": 200, "body": json.dumps(items)}
