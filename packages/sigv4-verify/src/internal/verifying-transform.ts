import { Transform, type TransformCallback } from 'node:stream';

/**
 * A Transform whose `write` and `end` hooks may throw: a thrown error (a `SigV4Error`) errors
 * the stream, so `stream/promises.pipeline` rejects with it instead of hanging.
 */
export function createVerifyingTransform(
  write: (chunk: Buffer, push: (data: Buffer) => void) => void,
  end: () => void,
): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        write(chunk, (data) => this.push(data));
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
    flush(callback: TransformCallback) {
      try {
        end();
        callback();
      } catch (err) {
        callback(err as Error);
      }
    },
  });
}
