"""boto3 scenarios against a Strata gateway; prints one JSON document of results.

Run by e2e/boto3.test.ts as `python3 boto3_scenarios.py '<json options>'` under the Python whose
boto3 is being tested. Each scenario reports what boto3 saw (never asserts): the TypeScript
test compares it with what S3 would return. A scenario that raises reports its traceback.
"""
import base64
import hashlib
import http.client
import io
import json
import os
import socket
import ssl
import sys
import traceback
import urllib.parse

OPTIONS = json.loads(sys.argv[1])

# Virtual-host style names (BUCKET.s3.localhost) do not resolve through glibc; map every
# *.localhost name to loopback inside this process only (nothing is added to /etc/hosts).
_getaddrinfo = socket.getaddrinfo


def _loopback(host, *args, **kwargs):
    if isinstance(host, str) and (host == "localhost" or host.endswith(".localhost")):
        host = "127.0.0.1"
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _loopback

import boto3  # noqa: E402
import botocore  # noqa: E402
from boto3.s3.transfer import TransferConfig  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

MIB = 1024 * 1024
CA = OPTIONS.get("ca")


def client(secret=None, **config):
    return boto3.client(
        "s3",
        endpoint_url=OPTIONS["endpoint"],
        region_name="us-east-1",
        aws_access_key_id=OPTIONS["accessKeyId"],
        aws_secret_access_key=secret or OPTIONS["secretAccessKey"],
        verify=CA if CA else True,
        config=Config(
            s3={"addressing_style": OPTIONS["style"]},
            retries={"max_attempts": 1, "mode": "standard"},
            **config,
        ),
    )


S3 = client()


def sha(data):
    return hashlib.sha256(data).hexdigest()


def seeded(seed, size):
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest() * 64
        counter += 1
    return bytes(out[:size])


def bucket(name):
    full = f"{OPTIONS['bucketPrefix']}-{name}"
    S3.create_bucket(Bucket=full)
    return full


def error_of(call):
    try:
        call()
    except ClientError as error:
        return {
            "code": error.response["Error"]["Code"],
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
            "class": type(error).__name__,
        }
    return None


def common():
    b = bucket("common")
    head_bucket = S3.head_bucket(Bucket=b)["ResponseMetadata"]["HTTPStatusCode"]
    listed_buckets = [x["Name"] for x in S3.list_buckets()["Buckets"]]
    objects = {}
    for key in OPTIONS["keys"] + ["empty"]:
        body = b"" if key == "empty" else f"body of {key}".encode()
        put = S3.put_object(
            Bucket=b,
            Key=key,
            Body=body,
            ContentType="text/x-boto3",
            Metadata={"color": "red", "multi-word": "Some Value"},
        )
        got = S3.get_object(Bucket=b, Key=key)
        data = got["Body"].read()
        head = S3.head_object(Bucket=b, Key=key)
        objects[key] = {
            "putEtag": put["ETag"],
            "putChecksumCRC32": put.get("ChecksumCRC32"),
            "md5": hashlib.md5(body).hexdigest(),
            "sha256": sha(data),
            "expectedSha256": sha(body),
            "getLength": got["ContentLength"],
            "getEtag": got["ETag"],
            "contentType": got["ContentType"],
            "metadata": got["Metadata"],
            "headLength": head["ContentLength"],
            "headEtag": head["ETag"],
            "headMetadata": head["Metadata"],
        }
    listed = [o["Key"] for o in S3.list_objects_v2(Bucket=b)["Contents"]]
    ranged = S3.get_object(Bucket=b, Key="with space", Range="bytes=2-5")
    copy = S3.copy_object(Bucket=b, Key="copied", CopySource={"Bucket": b, "Key": OPTIONS["keys"][-1]})
    copied = S3.get_object(Bucket=b, Key="copied")["Body"].read()
    S3.delete_object(Bucket=b, Key="copied")
    deleted = S3.delete_objects(Bucket=b, Delete={"Objects": [{"Key": k} for k in OPTIONS["keys"]]})
    left = [o["Key"] for o in S3.list_objects_v2(Bucket=b).get("Contents", [])]
    return {
        "headBucket": head_bucket,
        "bucketListed": b in listed_buckets,
        "objects": objects,
        "listed": listed,
        "range": {"body": ranged["Body"].read().decode(), "contentRange": ranged["ContentRange"]},
        "copyEtag": copy["CopyObjectResult"]["ETag"],
        "copiedSha256": sha(copied),
        "deleted": sorted(d["Key"] for d in deleted["Deleted"]),
        "left": left,
    }


def transfer():
    b = bucket("transfer")
    config = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, max_concurrency=4)
    out = {}
    for name, size in (("under", 5 * MIB - 1), ("over", 5 * MIB + 1), ("empty", 0)):
        data = seeded(name, size)
        S3.upload_fileobj(io.BytesIO(data), b, f"t/{name}.bin", Config=config,
                          ExtraArgs={"ContentType": "application/x-boto3", "Metadata": {"size": str(size)}})
        sink = io.BytesIO()
        S3.download_fileobj(b, f"t/{name}.bin", sink, Config=config)
        head = S3.head_object(Bucket=b, Key=f"t/{name}.bin")
        parts = [hashlib.md5(data[i:i + 5 * MIB]).digest() for i in range(0, len(data), 5 * MIB)]
        out[name] = {
            "size": size,
            "sha256": sha(data),
            "downloadedSha256": sha(sink.getvalue()),
            "etag": head["ETag"],
            "singleEtag": f'"{hashlib.md5(data).hexdigest()}"',
            "multipartEtag": f'"{hashlib.md5(b"".join(parts)).hexdigest()}-{len(parts)}"',
            "contentLength": head["ContentLength"],
            "contentType": head["ContentType"],
            "metadata": head["Metadata"],
        }
    return out


def paginators():
    b = bucket("pages")
    for i in range(25):
        S3.put_object(Bucket=b, Key=f"p/{i:02d}/obj", Body=b"x")
    v2 = S3.get_paginator("list_objects_v2").paginate(Bucket=b, PaginationConfig={"PageSize": 10})
    v2_pages = [[o["Key"] for o in page.get("Contents", [])] for page in v2]
    v1 = S3.get_paginator("list_objects").paginate(Bucket=b, PaginationConfig={"PageSize": 7})
    v1_pages = [len(page.get("Contents", [])) for page in v1]
    prefixes = S3.get_paginator("list_objects_v2").paginate(
        Bucket=b, Prefix="p/", Delimiter="/", PaginationConfig={"PageSize": 10}
    )
    common_prefixes = [p["Prefix"] for page in prefixes for p in page.get("CommonPrefixes", [])]
    return {"v2Pages": v2_pages, "v1PageSizes": v1_pages, "commonPrefixes": common_prefixes}


def fetch(url, method="GET", data=None):
    # http.client, not urllib: urllib adds a Content-Type to every body, which a SigV2
    # signature covers (and the presigned URL was signed without one).
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=CA)
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, context=context, timeout=30)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, f"{parts.path}?{parts.query}", body=data)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def presign():
    b = bucket("presign")
    out = {}
    for name, version in (("default", None), ("s3", "s3"), ("s3v4", "s3v4")):
        signer = client(signature_version=version) if version else client()
        key = f"pre/{name} signed+&=.bin"
        data = seeded(name, 20000)
        put_url = signer.generate_presigned_url("put_object", Params={"Bucket": b, "Key": key}, ExpiresIn=300)
        put_status, put_body = fetch(put_url, "PUT", data)
        get_url = signer.generate_presigned_url("get_object", Params={"Bucket": b, "Key": key}, ExpiresIn=300)
        get_status, got = fetch(get_url)
        out[name] = {
            "signature": "v2" if "AWSAccessKeyId=" in get_url else "v4" if "X-Amz-Signature=" in get_url else "?",
            "putStatus": put_status,
            "putBody": put_body.decode(errors="replace")[:300],
            "getStatus": get_status,
            "getBody": got.decode(errors="replace")[:300] if get_status != 200 else "",
            "getSha256": sha(got),
            "sha256": sha(data),
        }
    return out


def sigv2():
    v2 = client(signature_version="s3")
    b = f"{OPTIONS['bucketPrefix']}-sigv2"
    created = v2.create_bucket(Bucket=b)["ResponseMetadata"]["HTTPStatusCode"]
    key = "dir/v2 key+.txt"
    put = v2.put_object(Bucket=b, Key=key, Body=b"signed with v2")
    body = v2.get_object(Bucket=b, Key=key)["Body"].read().decode()
    listed = [o["Key"] for o in v2.list_objects(Bucket=b).get("Contents", [])]
    deleted = v2.delete_object(Bucket=b, Key=key)["ResponseMetadata"]["HTTPStatusCode"]
    return {"created": created, "putEtag": put["ETag"], "body": body, "listed": listed, "deleted": deleted}


def errors():
    b = bucket("errors")
    missing_bucket = f"{OPTIONS['bucketPrefix']}-nonexistent"
    out = {
        "getMissingKey": error_of(lambda: S3.get_object(Bucket=b, Key="missing")),
        "headMissingKey": error_of(lambda: S3.head_object(Bucket=b, Key="missing")),
        "listMissingBucket": error_of(lambda: S3.list_objects_v2(Bucket=missing_bucket)),
        "headMissingBucket": error_of(lambda: S3.head_bucket(Bucket=missing_bucket)),
        "wrongSecret": error_of(
            lambda: client(secret="not-the-right-secret-key-0000").list_objects_v2(Bucket=b)
        ),
        "keyTooLong": error_of(lambda: S3.put_object(Bucket=b, Key="k" * 1025, Body=b"x")),
    }
    try:
        S3.get_object(Bucket=b, Key="missing")
        out["modeledNoSuchKey"] = False
    except S3.exceptions.NoSuchKey:
        out["modeledNoSuchKey"] = True
    try:
        S3.list_objects_v2(Bucket=missing_bucket)
        out["modeledNoSuchBucket"] = False
    except S3.exceptions.NoSuchBucket:
        out["modeledNoSuchBucket"] = True
    return out


def sse_headers(response):
    return {
        "sse": response.get("ServerSideEncryption"),
        "algorithm": response.get("SSECustomerAlgorithm"),
        "keyMd5": response.get("SSECustomerKeyMD5"),
        "etag": response.get("ETag"),
    }


def encryption():
    """SSE-C over HTTPS (S3 refuses customer keys over plain HTTP), SSE-S3 over HTTP."""
    b = bucket("sse")
    secure = OPTIONS["endpoint"].startswith("https:")
    data = seeded("sse", 100000)
    key = os.urandom(32)
    # botocore base64-encodes the key and adds its MD5 itself.
    ssec = {"SSECustomerAlgorithm": "AES256", "SSECustomerKey": key}
    write = ssec if secure else {"ServerSideEncryption": "AES256"}
    read = ssec if secure else {}
    put = S3.put_object(Bucket=b, Key="obj", Body=data, **write)
    got = S3.get_object(Bucket=b, Key="obj", **read)
    body = got["Body"].read()
    head = S3.head_object(Bucket=b, Key="obj", **read)
    if secure:
        refused = error_of(lambda: S3.get_object(Bucket=b, Key="obj"))
    else:
        refused = error_of(lambda: S3.put_object(Bucket=b, Key="refused", Body=data, **ssec))
    return {
        "method": "SSE-C" if secure else "SSE-S3",
        "keyMd5": base64.b64encode(hashlib.md5(key).digest()).decode(),
        "md5": hashlib.md5(data).hexdigest(),
        "put": sse_headers(put),
        "get": sse_headers(got),
        "head": sse_headers(head),
        "sha256": sha(body),
        "expectedSha256": sha(data),
        "refused": refused,
        "stored": [o["Key"] for o in S3.list_objects_v2(Bucket=b).get("Contents", [])],
    }


def main():
    results = {"versions": {"boto3": boto3.__version__, "botocore": botocore.__version__}}
    for scenario in (common, transfer, paginators, presign, sigv2, errors, encryption):
        try:
            results[scenario.__name__] = {"ok": True, "value": scenario()}
        except Exception:  # noqa: BLE001 - reported to the test, which fails the cell
            results[scenario.__name__] = {"ok": False, "error": traceback.format_exc()[-3000:]}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    os.environ.pop("AWS_CA_BUNDLE", None)
    main()
