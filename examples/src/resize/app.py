"""For each S3 event in the queue's messages: copy the upload under processed/ and announce it."""
import json
import os

import boto3

s3 = boto3.client("s3")
sns = boto3.client("sns")


def handler(event, context):
    done = []
    for message in event["Records"]:
        for record in json.loads(message["body"]).get("Records", []):
            key = record["s3"]["object"]["key"]
            body = s3.get_object(Bucket=os.environ["UPLOADS_BUCKET"], Key=key)["Body"].read()
            target = os.environ.get("OUTPUT_PREFIX", "processed/") + key.rsplit("/", 1)[-1]
            s3.put_object(Bucket=os.environ["RESULTS_BUCKET"], Key=target, Body=body)
            done.append(target)
    if done:
        sns.publish(TopicArn=os.environ["DONE_TOPIC_ARN"], Message=json.dumps({"processed": done}))
    return {"processed": len(done)}
