"""GET /posts lists the articles; POST /posts stores one."""
import json
import os
import uuid

import boto3

table = boto3.resource("dynamodb").Table(os.environ["ARTICLES_TABLE"])


def handler(event, context):
    if event["requestContext"]["http"]["method"] == "POST":
        post = json.loads(event.get("body") or "{}")
        item = {"pk": "post", "sk": str(uuid.uuid4()), "title": str(post.get("title", ""))}
        table.put_item(Item=item)
        return {"statusCode": 201, "body": json.dumps(item)}
    items = table.query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": "post"})["Items"]
    return {"statusCode": 200, "body": json.dumps(items)}
