import { createHash, createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { Transform } from 'node:stream';
import { finished } from 'node:stream/promises';

/** SHA-256 of the empty string: the second hash line of every chunk's string to sign. */
const EMPTY_SHA256 = createHash('sha256').digest('hex');

/** What a signed chunk chain needs (the verified request's `AuthResult.signing`). */
export type ChainStart = {
  readonly signingKey: Buffer;
  readonly scope: string;
  readonly datetime: string;
  readonly seedSignature: string;
};

/** A body to feed: the writes, in order, and how many decoded bytes they carry. */
export type EncodedBody = {
  readonly decodedBytes: number;
  /** Yields the buffers to write; a yielded buffer may be reused after it was consumed. */
  writes(): Iterable<Buffer>;
};

/**
 * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` framing of `chunks` × `data` (every chunk the same bytes,
 * so its SHA-256 is computed once): the chain of chunk signatures is precomputed, and each frame
 * (`10000;chunk-signature=…\r\n` + data + `\r\n`) is one write. Frames come from a ring of 16
 * buffers whose 88-byte header is rewritten in place: the payload bytes are never touched, so
 * slices of them handed downstream stay valid, and with backpressure no more than a couple of
 * writes are ever pending, far fewer than 16. The source costs a memcpy of 88 bytes per chunk.
 */
export function signedChunkedBody(data: Buffer, chunks: number, start: ChainStart): EncodedBody {
  const dataHash = createHash('sha256').update(data).digest('hex');
  const sign = (previous: string, hash: string): string =>
    createHmac('sha256', start.signingKey)
      .update(
        `AWS4-HMAC-SHA256-PAYLOAD\n${start.datetime}\n${start.scope}\n${previous}\n${EMPTY_SHA256}\n${hash}`,
      )
      .digest('hex');
  const signatures: string[] = [];
  let previous = start.seedSignature;
  for (let i = 0; i < chunks; i++) signatures.push((previous = sign(previous, dataHash)));
  const last = sign(previous, EMPTY_SHA256);
  const head = `${data.length.toString(16)};chunk-signature=`;
  const headLen = head.length + 64 + 2;
  const ring = Array.from({ length: 16 }, () => {
    const frame = Buffer.allocUnsafe(headLen + data.length + 2);
    frame.write(head, 0, 'latin1');
    frame.write('\r\n', headLen - 2, 'latin1');
    data.copy(frame, headLen);
    frame.write('\r\n', headLen + data.length, 'latin1');
    return frame;
  });
  return {
    decodedBytes: data.length * chunks,
    *writes() {
      for (let i = 0; i < chunks; i++) {
        const frame = ring[i % ring.length] ?? Buffer.alloc(0);
        frame.write(signatures[i] ?? '', head.length, 'latin1');
        yield frame;
      }
      yield Buffer.from(`0;chunk-signature=${last}\r\n\r\n`, 'latin1');
    },
  };
}

/**
 * `STREAMING-UNSIGNED-PAYLOAD-TRAILER` framing (what AWS SDKs send by default since 2025) of
 * `chunks` × `data`, ending with an `x-amz-checksum-<algorithm>` trailer of value `checksum`. The
 * frame is the same for every chunk, so one buffer is written again and again.
 */
export function unsignedTrailerBody(
  data: Buffer,
  chunks: number,
  trailer: { readonly name: string; readonly value: string },
): EncodedBody {
  const frame = Buffer.concat([
    Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'),
    data,
    Buffer.from('\r\n', 'latin1'),
  ]);
  return {
    decodedBytes: data.length * chunks,
    *writes() {
      for (let i = 0; i < chunks; i++) yield frame;
      yield Buffer.from(`0\r\n${trailer.name}:${trailer.value}\r\n\r\n`, 'latin1');
    },
  };
}

/** A plain (not aws-chunked) body: `data` written `chunks` times. */
export function plainBody(data: Buffer, chunks: number): EncodedBody {
  return {
    decodedBytes: data.length * chunks,
    *writes() {
      for (let i = 0; i < chunks; i++) yield data;
    },
  };
}

/**
 * Writes `body` into `stream` with backpressure (waits for `drain`), counts and drops what comes
 * out, and resolves with the decoded byte count once the stream has finished; rejects with the
 * stream's error (a signature or checksum the decoder refused).
 */
export async function feed(stream: Transform, body: EncodedBody): Promise<number> {
  let out = 0;
  stream.on('data', (b: Buffer) => {
    out += b.length;
  });
  const done = finished(stream);
  // `finished` also rejects on error; attach a handler now so an early error is not unhandled.
  done.catch(() => undefined);
  for (const buffer of body.writes()) {
    // An errored stream never drains: stop writing and let `done` reject with its error.
    if (stream.destroyed) break;
    if (!stream.write(buffer)) await once(stream, 'drain');
  }
  if (!stream.destroyed) stream.end();
  await done;
  return out;
}
