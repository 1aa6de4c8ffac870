"""boto3's managed transfers, as a user tunes them, for the bench's `transfer` scenario.

    boto3_transfer.py upload-file FILE BUCKET KEY --endpoint=URL [tuning]
    boto3_transfer.py download-file BUCKET KEY FILE --endpoint=URL [tuning]
    boto3_transfer.py upload-tree DIR BUCKET PREFIX --endpoint=URL [tuning]
    boto3_transfer.py download-tree BUCKET PREFIX DIR --endpoint=URL [tuning]

Tuning: --concurrency=N (TransferConfig.max_concurrency), --chunk-mib=N (multipart threshold and
chunk size), --files=N (files in flight in a tree operation, on one shared client; boto3 has no
tree transfer of its own). Credentials and region come from the environment. Exits 1 with the
failures on stderr when any file failed.
"""

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("op")
    parser.add_argument("args", nargs=3)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--chunk-mib", type=int, default=8)
    parser.add_argument("--files", type=int, default=10)
    a = parser.parse_args()
    chunk = a.chunk_mib * 1024 * 1024
    # A tree runs `files` transfers at once, each with up to `concurrency` threads of its own.
    pool = max(a.concurrency, a.files) * 2
    s3 = boto3.client(
        "s3",
        endpoint_url=a.endpoint,
        config=Config(max_pool_connections=pool, s3={"addressing_style": "path"}),
    )
    config = TransferConfig(
        multipart_threshold=chunk, multipart_chunksize=chunk, max_concurrency=a.concurrency
    )
    if a.op == "upload-file":
        path, bucket, key = a.args
        s3.upload_file(path, bucket, key, Config=config)
        return 0
    if a.op == "download-file":
        bucket, key, path = a.args
        s3.download_file(bucket, key, path, Config=config)
        return 0
    if a.op == "upload-tree":
        root, bucket, prefix = a.args
        jobs = []
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                jobs.append((path, f"{prefix}/{rel}"))
        return run_all(a.files, jobs, lambda j: s3.upload_file(j[0], bucket, j[1], Config=config))
    if a.op == "download-tree":
        bucket, prefix, root = a.args
        jobs = []
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/"):
            for item in page.get("Contents", []):
                rel = item["Key"][len(prefix) + 1 :]
                jobs.append((item["Key"], os.path.join(root, *rel.split("/"))))

        def download(job):
            os.makedirs(os.path.dirname(job[1]), exist_ok=True)
            s3.download_file(bucket, job[0], job[1], Config=config)

        return run_all(a.files, jobs, download)
    print(f"unknown operation {a.op}", file=sys.stderr)
    return 2


def run_all(workers, jobs, fn) -> int:
    failed = 0
    with ThreadPoolExecutor(max_workers=workers) as ex:
        for job, future in [(j, ex.submit(fn, j)) for j in jobs]:
            try:
                future.result()
            except Exception as e:  # noqa: BLE001 - every failure is reported, then counted
                failed += 1
                print(f"failed: {job[0]}: {e}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
