import type { ProgressListener, TransferProgress } from '../progress.js';

/** Counts one call's bytes and files and reports them to its `onProgress`. */
export class ProgressTracker {
  readonly #listener: ProgressListener | undefined;
  readonly #state: TransferProgress = {
    bytesDone: 0,
    bytesTotal: 0,
    filesDone: 0,
    filesTotal: 0,
    totalsFinal: false,
  };

  constructor(listener: ProgressListener | undefined) {
    this.#listener = listener;
  }

  /** A file (or object) of `bytes` joins the work. */
  addFile(bytes: number): void {
    this.#state.filesTotal += 1;
    this.#state.bytesTotal += bytes;
  }

  /** The totals will not grow any more. */
  finalize(): void {
    this.#state.totalsFinal = true;
    this.#emit();
  }

  /** A request moved `bytes`. */
  addBytes(bytes: number): void {
    if (bytes === 0) return;
    this.#state.bytesDone += bytes;
    this.#emit();
  }

  /** A file is done. */
  fileDone(): void {
    this.#state.filesDone += 1;
    this.#emit();
  }

  /** A copy of the current counts. */
  snapshot(): TransferProgress {
    return { ...this.#state };
  }

  #emit(): void {
    this.#listener?.({ ...this.#state });
  }
}
