import { TransferError } from '../transfer-error.js';
import { compareBytes } from './byte-order.js';

/** One path of a merge: on the left side, the right side, or both. */
export interface MergedEntry<L, R> {
  relPath: string;
  left: L | undefined;
  right: R | undefined;
}

async function* checkedOrder<T>(
  source: AsyncIterable<T>,
  relPathOf: (item: T) => string,
  side: string,
): AsyncGenerator<{ relPath: string; item: T }, void, undefined> {
  let previous: string | undefined;
  for await (const item of source) {
    const relPath = relPathOf(item);
    if (previous !== undefined && compareBytes(previous, relPath) >= 0) {
      // Merging out-of-order input would call present files missing (and a sync would
      // delete them): refuse instead.
      throw new TransferError(
        'EUNSORTED_LISTING',
        `${side} listing is not in UTF-8 byte order: ${JSON.stringify(previous)} then ${JSON.stringify(relPath)}`,
      );
    }
    previous = relPath;
    yield { relPath, item };
  }
}

/**
 * Merges two listings, each sorted by `relPath` in UTF-8 byte order, into one, pairing equal
 * paths: a sort-merge join holding one item of each side at a time.
 *
 * @throws TransferError `EUNSORTED_LISTING` when a side is out of order.
 */
export async function* mergeSorted<L, R>(
  left: AsyncIterable<L>,
  leftPath: (item: L) => string,
  right: AsyncIterable<R>,
  rightPath: (item: R) => string,
): AsyncGenerator<MergedEntry<L, R>, void, undefined> {
  const ls = checkedOrder(left, leftPath, 'local');
  const rs = checkedOrder(right, rightPath, 'remote');
  let l = await ls.next();
  let r = await rs.next();
  while (l.done !== true || r.done !== true) {
    const order =
      l.done === true ? 1 : r.done === true ? -1 : compareBytes(l.value.relPath, r.value.relPath);
    if (order < 0 && l.done !== true) {
      yield { relPath: l.value.relPath, left: l.value.item, right: undefined };
      l = await ls.next();
    } else if (order > 0 && r.done !== true) {
      yield { relPath: r.value.relPath, left: undefined, right: r.value.item };
      r = await rs.next();
    } else if (l.done !== true && r.done !== true) {
      yield { relPath: l.value.relPath, left: l.value.item, right: r.value.item };
      l = await ls.next();
      r = await rs.next();
    }
  }
}
