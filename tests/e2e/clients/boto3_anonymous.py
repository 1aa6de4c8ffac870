"""boto3 without credentials (botocore.UNSIGNED) against a Strata bucket with a public prefix.

Run by e2e/access-policy.test.ts as `python3 boto3_anonymous.py '<json options>'`. Prints one
JSON document of what boto3 saw (it never asserts): the TypeScript test judges it.
Options: endpoint, bucket, publicKey (readable by anyone), privateKey, newKey (to try writing).
"""
import hashlib
import json
import sys

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError

OPTIONS = json.loads(sys.argv[1])

S3 = boto3.client(
    "s3",
    endpoint_url=OPTIONS["endpoint"],
    region_name="us-east-1",
    config=Config(
        signature_version=botocore.UNSIGNED,
        s3={"addressing_style": "path"},
        retries={"max_attempts": 1, "mode": "standard"},
    ),
)


def outcome(call):
    """What one call returned, or the S3 error it raised (code and HTTP status)."""
    try:
        return {"ok": True, "value": call()}
    except ClientError as error:
        return {
            "ok": False,
            "code": error.response["Error"].get("Code"),
            "status": error.response["ResponseMetadata"].get("HTTPStatusCode"),
        }


def get(key):
    body = S3.get_object(Bucket=OPTIONS["bucket"], Key=key)["Body"].read()
    return {"length": len(body), "sha256": hashlib.sha256(body).hexdigest()}


results = {
    "versions": {"boto3": boto3.__version__, "botocore": botocore.__version__},
    "getPublic": outcome(lambda: get(OPTIONS["publicKey"])),
    "getPrivate": outcome(lambda: get(OPTIONS["privateKey"])),
    "putObject": outcome(
        lambda: S3.put_object(
            Bucket=OPTIONS["bucket"], Key=OPTIONS["newKey"], Body=b"anonymous write"
        )["ETag"]
    ),
    "listObjects": outcome(
        lambda: [o["Key"] for o in S3.list_objects_v2(Bucket=OPTIONS["bucket"]).get("Contents", [])]
    ),
    "listBuckets": outcome(lambda: [b["Name"] for b in S3.list_buckets()["Buckets"]]),
}
print(json.dumps(results))
