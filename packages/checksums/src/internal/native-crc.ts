import { createRequire } from 'node:module';

/** A CRC32/CRC32C continuation: finished CRC of the bytes so far in, finished CRC out. */
export type CrcUpdate = (crc: number, data: Uint8Array) => number;

/**
 * The two functions `@node-rs/crc32` exports (SIMD / hardware CRC instructions, via N-API);
 * plain functions that do not use `this`, so they can be passed around unbound.
 */
interface NodeRsCrc32 {
  readonly crc32: (input: Uint8Array, initialState?: number) => number;
  readonly crc32c: (input: Uint8Array, initialState?: number) => number;
}

/**
 * `@node-rs/crc32`, or `undefined` when its prebuilt addon is not available for this platform
 * (it ships one npm package per platform as optional dependencies): then the callers fall back
 * to `node:zlib` and the bundled JavaScript tables, which give the same results, slower.
 * Loaded with `require` because a static `import` of a missing addon would fail the whole
 * package at load time.
 */
export const nodeRsCrc32: NodeRsCrc32 | undefined = (() => {
  try {
    const loaded = createRequire(import.meta.url)('@node-rs/crc32') as Partial<NodeRsCrc32>;
    return typeof loaded.crc32 === 'function' && typeof loaded.crc32c === 'function'
      ? (loaded as NodeRsCrc32)
      : undefined;
  } catch {
    return undefined;
  }
})();

/**
 * Below this many bytes a call into the addon (about 200 ns of N-API overhead) costs more than
 * the JavaScript or zlib loop: measured on x86-64 with Node 20, the break-even is near 256 bytes
 * for both CRC32 and CRC32C.
 */
export const NATIVE_MIN_BYTES = 256;

/** Route short inputs to `small` and long ones to the addon's function, when there is one. */
export function withNative(
  small: CrcUpdate,
  native: ((input: Uint8Array, initialState?: number) => number) | undefined,
): CrcUpdate {
  if (native === undefined) return small;
  return (crc, data) => (data.length < NATIVE_MIN_BYTES ? small(crc, data) : native(data, crc));
}
