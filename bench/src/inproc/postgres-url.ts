/**
 * The PostgreSQL the metastore scenario uses (the one the metastore tests use);
 * `STRATA_BENCH_POSTGRES_URL` overrides it.
 */
export const POSTGRES_URL =
  process.env.STRATA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
