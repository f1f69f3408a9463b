"""Take an order: store it, keep its receipt, and queue it for fulfilment."""
import json
import os
import uuid

import boto3

orders = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])
s3 = boto3.client("s3")
sqs = boto3.client("sqs")


def handler(event, context):
    order = {"order_id": str(uuid.uuid4()), **json.loads(event.get("body") or "{}")}
    orders.put_item(Item=order)
    s3.put_object(Bucket=os.environ["RECEIPTS_BUCKET"], Key=f"{order['order_id']}.json", Body=json.dumps(order).encode())
    sqs.send_message(QueueUrl=os.environ["ORDER_EVENTS_QUEUE_URL"], MessageBody=json.dumps(order))
    return {"statusCode": 201, "body": json.dumps({"order_id": order["order_id"]})}
