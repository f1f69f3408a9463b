"""Mark each queued order as fulfilled."""
import json
import os

import boto3

orders = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])


def handler(event, context):
    for message in event["Records"]:
        order = json.loads(message["body"])
        orders.update_item(Key={"order_id": order["order_id"]}, UpdateExpression="SET fulfilled = :t",
                           ExpressionAttributeValues={":t": True})
