import { quantile } from '../stats.js';
import { SoakMismatchError } from './soak-body.js';

/** The operations a soak client issues; MULTIPART is one whole upload (create, parts, complete). */
export const SOAK_OPS = ['PUT', 'GET', 'HEAD', 'LIST', 'DELETE', 'MULTIPART'] as const;

/** One of {@link SOAK_OPS}. */
export type SoakOp = (typeof SOAK_OPS)[number];

/** PUTs and GETs of at least this many bytes also get latency figures of their own. */
export const LARGE_LATENCY_MIN = 1024 * 1024;

/** How many error messages a soak keeps (the count is always exact). */
const KEPT_ERRORS = 20;

/** Latency and error figures of one operation over a soak. */
export type OpSummary = {
  /** Operations issued (succeeded + failed). */
  readonly count: number;
  readonly errors: number;
  /** Latency of the successful ones, ms; NaN when there were none. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The same for objects ≥ {@link LARGE_LATENCY_MIN} (PUT, GET, MULTIPART). */
  readonly large: { readonly count: number; readonly p50Ms: number; readonly p99Ms: number };
};

/** Everything a {@link SoakStats} recorded. */
export type SoakStatsSummary = {
  readonly ops: Readonly<Record<SoakOp, OpSummary>>;
  readonly errors: number;
  /** Errors that were wrong bytes, sizes or listings (also counted in `errors`). */
  readonly mismatches: number;
  /** GETs whose size and CRC32 matched the last PUT of their key. */
  readonly verifiedGets: number;
  /** Bytes of successful PUTs and multipart uploads. */
  readonly bytesUp: number;
  /** Bytes of successful GETs. */
  readonly bytesDown: number;
  /** The first error messages (at most 20). */
  readonly firstErrors: readonly string[];
};

type Counters = { count: number; errors: number; latencies: number[]; large: number[] };

/**
 * Counts, latencies and errors of every soak operation, and the bytes moved. `time` never
 * throws: a failed operation is an error here, the loop goes on.
 */
export class SoakStats {
  readonly #ops = new Map<SoakOp, Counters>(
    SOAK_OPS.map((op) => [op, { count: 0, errors: 0, latencies: [], large: [] }]),
  );
  readonly #firstErrors: string[] = [];
  #errors = 0;
  #mismatches = 0;
  #verifiedGets = 0;
  #bytesUp = 0;
  #bytesDown = 0;

  /**
   * Runs `fn` as one `op` on `key` of `size` bytes (0 when no body) and records its latency, or
   * its error. Returns whether it succeeded.
   */
  async time(op: SoakOp, key: string, size: number, fn: () => Promise<void>): Promise<boolean> {
    const c = this.#counters(op);
    c.count++;
    const t0 = performance.now();
    try {
      await fn();
    } catch (error) {
      this.#error(op, key, error);
      return false;
    }
    const ms = performance.now() - t0;
    c.latencies.push(ms);
    if (size >= LARGE_LATENCY_MIN) c.large.push(ms);
    if (op === 'GET') this.#bytesDown += size;
    if (op === 'PUT' || op === 'MULTIPART') this.#bytesUp += size;
    return true;
  }

  /** Counts a GET whose bytes matched the last PUT of its key. */
  verifiedGet(): void {
    this.#verifiedGets++;
  }

  /** Operations issued so far, every kind. */
  get operations(): number {
    let n = 0;
    for (const c of this.#ops.values()) n += c.count;
    return n;
  }

  /** Errors so far, every operation. */
  get errors(): number {
    return this.#errors;
  }

  /** Everything recorded, summarized. */
  summary(): SoakStatsSummary {
    const ops = Object.fromEntries(
      SOAK_OPS.map((op) => [op, summarizeOp(this.#counters(op))]),
    ) as Record<SoakOp, OpSummary>;
    return {
      ops,
      errors: this.#errors,
      mismatches: this.#mismatches,
      verifiedGets: this.#verifiedGets,
      bytesUp: this.#bytesUp,
      bytesDown: this.#bytesDown,
      firstErrors: [...this.#firstErrors],
    };
  }

  #counters(op: SoakOp): Counters {
    const c = this.#ops.get(op);
    if (!c) throw new Error(`unknown soak op ${op}`);
    return c;
  }

  #error(op: SoakOp, key: string, error: unknown): void {
    this.#counters(op).errors++;
    this.#errors++;
    if (error instanceof SoakMismatchError) this.#mismatches++;
    if (this.#firstErrors.length < KEPT_ERRORS) {
      const message = error instanceof Error ? error.message : String(error);
      this.#firstErrors.push(`${op} ${key}: ${message.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
  }
}

function summarizeOp(c: Counters): OpSummary {
  return {
    count: c.count,
    errors: c.errors,
    p50Ms: quantile(c.latencies, 0.5),
    p99Ms: quantile(c.latencies, 0.99),
    // A loop, not Math.max(...list): a 10-minute soak records more latencies than a call takes arguments.
    maxMs: c.latencies.length === 0 ? Number.NaN : c.latencies.reduce((a, b) => (b > a ? b : a)),
    large: {
      count: c.large.length,
      p50Ms: quantile(c.large, 0.5),
      p99Ms: quantile(c.large, 0.99),
    },
  };
}
