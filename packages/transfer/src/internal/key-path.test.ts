import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTransferError } from '../transfer-error.js';
import { localPathFor } from './key-path.js';

describe('localPathFor', () => {
  it('maps the rest of the key to folders under the root', () => {
    expect(localPathFor('/r', 'p/', 'p/a b/ü.txt')).toBe(join('/r', 'a b', 'ü.txt'));
  });

  it('skips folder markers, the prefix itself included', () => {
    expect(localPathFor('/r', 'p/', 'p/dir/')).toBeUndefined();
    expect(localPathFor('/r', 'p/', 'p/')).toBeUndefined();
  });

  it.each(['p/../etc/passwd', 'p/a/../../x', 'p//x', 'p/./x', 'p/a\0b'])(
    'refuses %j, which could leave the root or name no file',
    (key) => {
      let err: unknown;
      try {
        err = new Error(`accepted as ${localPathFor('/r', 'p/', key)}`);
      } catch (e) {
        err = e;
      }
      expect(isTransferError(err, 'EUNSAFE_KEY')).toBe(true);
    },
  );
});
