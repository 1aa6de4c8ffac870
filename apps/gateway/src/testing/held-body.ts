/** A request body the test sends part of, then holds, then finishes or breaks. */
export interface HeldBody {
  readonly stream: ReadableStream<Uint8Array>;
  /** Resolves once the gateway has read the first part: the request is past admission. */
  readonly reading: Promise<void>;
  /** Sends the rest and ends the body. */
  finish(rest?: string): void;
  /** Breaks the body off, as a client that goes away mid-upload. */
  fail(): void;
}

/**
 * A body whose first part is queued at once and whose rest waits for the test. The stream asks
 * for more (`pull`) only after the first part was taken, which is how the test knows the
 * gateway is serving the request.
 */
export function heldBody(first: string): HeldBody {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let started!: () => void;
  const reading = new Promise<void>((resolve) => {
    started = resolve;
  });
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(new TextEncoder().encode(first));
    },
    pull() {
      started();
    },
  });
  return {
    stream,
    reading,
    finish(rest = '') {
      if (rest) controller.enqueue(new TextEncoder().encode(rest));
      controller.close();
    },
    fail() {
      controller.error(new Error('client went away'));
    },
  };
}
