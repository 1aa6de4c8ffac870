/**
 * Bytes received in pieces and taken out in frames: pieces are kept as they came and copied
 * once, when a frame is taken, so many small writes do not cost a concatenation each.
 */
export class ByteQueue {
  readonly #pieces: Buffer[] = [];
  #length = 0;

  /** Bytes held. */
  get length(): number {
    return this.#length;
  }

  push(piece: Buffer): void {
    if (piece.length === 0) return;
    this.#pieces.push(piece);
    this.#length += piece.length;
  }

  /** Removes and returns the first `n` bytes; `n` must not exceed {@link ByteQueue.length}. */
  take(n: number): Buffer {
    if (n > this.#length) throw new RangeError(`take(${n}) of ${this.#length} bytes`);
    const first = this.#pieces[0];
    let out: Buffer;
    if (first !== undefined && first.length >= n) {
      // The common case for large writes: the frame lies inside one piece, no copy.
      out = first.subarray(0, n);
      if (first.length === n) this.#pieces.shift();
      else this.#pieces[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const piece = this.#pieces[0]!;
        const used = Math.min(piece.length, n - filled);
        piece.copy(out, filled, 0, used);
        filled += used;
        if (used === piece.length) this.#pieces.shift();
        else this.#pieces[0] = piece.subarray(used);
      }
    }
    this.#length -= n;
    return out;
  }

  /** The first `n` bytes without removing them; `n` must not exceed {@link ByteQueue.length}. */
  peek(n: number): Buffer {
    const first = this.#pieces[0];
    if (first !== undefined && first.length >= n) return first.subarray(0, n);
    const out = this.take(n);
    this.#pieces.unshift(out);
    this.#length += n;
    return out;
  }
}
