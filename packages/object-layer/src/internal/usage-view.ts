import type { MetaStore, UsageTotals } from '@strata/metastore-core';

type Totals = { bytes: number; objects: number };

const ZERO: UsageTotals = Object.freeze({ bytes: 0, objects: 0 });

function add(map: Map<string, Totals>, backend: string, bytes: number, objects: number): void {
  const entry = map.get(backend) ?? { bytes: 0, objects: 0 };
  entry.bytes += bytes;
  entry.objects += objects;
  map.set(backend, entry);
}

/**
 * What each backend holds, as quota checks see it: the metastore's committed totals (re-read at
 * most every `refreshMs`), plus what this instance committed since that read began, plus what it
 * has in flight (reserved at placement, released once committed or failed). So concurrent
 * writers here never overshoot a quota by more than the objects in flight of unknown size, and
 * another instance's writes count once the next read sees them. Commits that land while a read
 * runs may be counted twice until the following read: conservative, never under.
 */
export class UsageView {
  readonly #store: MetaStore;
  readonly #refreshMs: number;
  #base: Readonly<Record<string, UsageTotals>> = {};
  #readAt = Number.NEGATIVE_INFINITY;
  #reading: Promise<void> | undefined;
  /** Committed here since the current base was read (or since the read in progress began). */
  #committed = new Map<string, Totals>();
  #committedDuringRead: Map<string, Totals> | undefined;
  readonly #reserved = new Map<string, Totals>();

  constructor(store: MetaStore, refreshMs: number) {
    this.#store = store;
    this.#refreshMs = refreshMs;
  }

  /** Re-reads the committed totals when they are older than `refreshMs` (one read at a time). */
  async fresh(): Promise<void> {
    if (performance.now() - this.#readAt < this.#refreshMs) return;
    this.#reading ??= this.#read().finally(() => (this.#reading = undefined));
    await this.#reading;
  }

  /** Bytes and objects `backend` holds or will hold once the writes in flight commit. */
  of(backend: string): UsageTotals {
    const base = this.#base[backend] ?? ZERO;
    const committed = this.#committed.get(backend) ?? ZERO;
    const reserved = this.#reserved.get(backend) ?? ZERO;
    return {
      bytes: base.bytes + committed.bytes + reserved.bytes,
      objects: base.objects + committed.objects + reserved.objects,
    };
  }

  /** Holds room for a write in flight; the returned function releases it (idempotent). */
  reserve(backend: string, bytes: number): () => void {
    add(this.#reserved, backend, bytes, 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      add(this.#reserved, backend, -bytes, -1);
    };
  }

  /** Records a commit made here (a new copy of `bytes` on `backend`). */
  committed(backend: string, bytes: number): void {
    add(this.#committed, backend, bytes, 1);
    if (this.#committedDuringRead) add(this.#committedDuringRead, backend, bytes, 1);
  }

  async #read(): Promise<void> {
    const during = new Map<string, Totals>();
    this.#committedDuringRead = during;
    try {
      const totals = await this.#store.usage.byBackend();
      this.#base = totals;
      this.#committed = during;
      this.#readAt = performance.now();
    } finally {
      this.#committedDuringRead = undefined;
    }
  }
}
