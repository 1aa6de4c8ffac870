"""The `cache` bench scenario's Python side: writes the Parquet dataset, and runs one engine's
queries against an S3 endpoint, timing them inside the process (so Python's start-up and the
imports are not in the numbers) and printing one JSON line on stdout.

  parquet_queries.py check
      prints {"polars": "<version>" | null, "pyarrow": ..., "errors": {...}}: which engines import
  parquet_queries.py generate OUT_DIR ROWS FILES ROW_GROUP_ROWS
      writes FILES files part-NNN.parquet of ROWS rows in total, row groups of ROW_GROUP_ROWS
  parquet_queries.py query ENGINE ENDPOINT BUCKET PREFIX ACCESS_KEY SECRET_KEY ID_LOW ID_HIGH
      runs the queries with ENGINE (polars | pyarrow) on s3://BUCKET/PREFIX/*.parquet

Every query is a projection plus a filter, so what an engine fetches is the footers, then only
the projected columns of the row groups the statistics do not rule out: the small, scattered
ranged GETs of an analytical read, which is what a read cache in front of a far store is for.
"""

import json
import sys
import time

# Low-cardinality strings (dictionary-encoded) and high-cardinality strings (plain), so that
# projecting the string columns away saves real bytes.
CATEGORIES = 50


def check() -> None:
    out = {"errors": {}}
    for name in ("polars", "pyarrow"):
        try:
            module = __import__(name)
            out[name] = module.__version__
        except Exception as error:  # an engine missing here is reported, not fatal
            out[name] = None
            out["errors"][name] = f"{type(error).__name__}: {error}"
    print(json.dumps(out))


def generate(out_dir: str, rows: int, files: int, row_group: int) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(21)
    per_file = rows // files
    categories = np.array([f"category_{i:02d}" for i in range(CATEGORIES)], dtype=object)
    for f in range(files):
        start = f * per_file
        n = per_file
        ids = np.arange(start, start + n, dtype=np.int64)
        # `note` is random hex: incompressible, the bulky column a projection leaves out.
        note = rng.integers(0, 2**63, size=(n, 2), dtype=np.uint64)
        table = pa.table(
            {
                "id": ids,
                "ts": 1_700_000_000_000 + ids * 37,
                "category": categories[rng.integers(0, CATEGORIES, n)],
                "user": np.char.add("user_", rng.integers(0, 200_000, n).astype(str)).astype(object),
                "qty": rng.integers(0, 100, n, dtype=np.int32),
                "price": rng.random(n) * 1000,
                "value": rng.normal(0, 1, n),
                "score": rng.random(n),
                "note": [f"{a:016x}{b:016x}" for a, b in note],
            }
        )
        path = f"{out_dir}/part-{f:03d}.parquet"
        pq.write_table(table, path, row_group_size=row_group, compression="snappy")
    print(json.dumps({"files": files, "rows": per_file * files}))


def queries_polars(endpoint, bucket, prefix, key, secret, lo, hi):
    import polars as pl

    options = {
        "aws_endpoint_url": endpoint,
        "aws_access_key_id": key,
        "aws_secret_access_key": secret,
        "aws_region": "us-east-1",
        "aws_allow_http": "true",
    }
    source = f"s3://{bucket}/{prefix}/*.parquet"

    def range_scan():
        # Row-group statistics on the sorted `id` rule out all but a few row groups.
        df = (
            pl.scan_parquet(source, storage_options=options)
            .filter((pl.col("id") >= lo) & (pl.col("id") < hi))
            .select(["id", "user", "value"])
            .collect()
        )
        return {"rows": df.height, "check": round(float(df["value"].sum()), 6)}

    def filtered_aggregate():
        # Every row group, three of nine columns: projection is what saves the bytes.
        df = (
            pl.scan_parquet(source, storage_options=options)
            .filter((pl.col("category") == "category_07") & (pl.col("qty") > 50))
            .select(["category", "qty", "price"])
            .collect()
        )
        return {"rows": df.height, "check": round(float(df["price"].sum()), 3)}

    return [("range scan", range_scan), ("filtered aggregate", filtered_aggregate)]


def queries_pyarrow(endpoint, bucket, prefix, key, secret, lo, hi):
    import pyarrow.compute as pc
    import pyarrow.dataset as ds
    import pyarrow.fs as pafs

    host = endpoint.split("://", 1)[1]
    fs = pafs.S3FileSystem(
        endpoint_override=host,
        scheme="http",
        access_key=key,
        secret_key=secret,
        region="us-east-1",
    )

    def dataset():
        # Built per query, as a fresh `read_table` would: the listing and footers are part of it.
        return ds.dataset(f"{bucket}/{prefix}/", filesystem=fs, format="parquet")

    def range_scan():
        table = dataset().to_table(
            columns=["id", "user", "value"],
            filter=(pc.field("id") >= lo) & (pc.field("id") < hi),
        )
        return {"rows": table.num_rows, "check": round(float(pc.sum(table["value"]).as_py() or 0), 6)}

    def filtered_aggregate():
        table = dataset().to_table(
            columns=["category", "qty", "price"],
            filter=(pc.field("category") == "category_07") & (pc.field("qty") > 50),
        )
        return {"rows": table.num_rows, "check": round(float(pc.sum(table["price"]).as_py() or 0), 3)}

    return [("range scan", range_scan), ("filtered aggregate", filtered_aggregate)]


def query(engine, endpoint, bucket, prefix, key, secret, lo, hi) -> None:
    build = {"polars": queries_polars, "pyarrow": queries_pyarrow}[engine]
    queries = build(endpoint, bucket, prefix, key, secret, int(lo), int(hi))
    results = []
    for name, run in queries:
        t0 = time.perf_counter()
        answer = run()
        results.append({"name": name, "seconds": time.perf_counter() - t0, **answer})
    print(json.dumps({"engine": engine, "queries": results}))


def main() -> None:
    command, args = sys.argv[1], sys.argv[2:]
    if command == "check":
        check()
    elif command == "generate":
        generate(args[0], int(args[1]), int(args[2]), int(args[3]))
    elif command == "query":
        query(*args)
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
