import { mkdir } from 'node:fs/promises';

/** Makes a directory and its parents once per tree operation. */
export type DirectoryMaker = (dir: string) => Promise<void>;

/**
 * A {@link DirectoryMaker} that remembers what it made (or is making): a tree of thousands of
 * files in a few directories costs a few `mkdir` calls, not one per file. A failed `mkdir` is
 * forgotten, so the next file of that directory tries again.
 */
export function createDirectoryMaker(): DirectoryMaker {
  const made = new Map<string, Promise<void>>();
  return (dir) => {
    let making = made.get(dir);
    if (making === undefined) {
      making = mkdir(dir, { recursive: true }).then(
        () => undefined,
        (error: unknown) => {
          made.delete(dir);
          throw error;
        },
      );
      made.set(dir, making);
    }
    return making;
  };
}
