import { appendFile, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** What a resumable download is of: a journal of another object, size, ETag or part size is void. */
export interface DownloadIdentity {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly partSize: number;
}

/**
 * The state of a resumable download of `path`: its temporary file (`.<name>.strata-resume.part`)
 * and a journal beside it (`.<name>.strata-resume.json`, JSON lines): the object's identity,
 * then the number of each part once its bytes are written and flushed to disk. A run that stops
 * leaves both; the next run of the same object (same bucket, key, size, ETag and part size)
 * reopens the file and skips the parts the journal names. A torn last line is ignored (its
 * part is fetched again).
 */
export class DownloadJournal {
  readonly temp: string;
  readonly #journal: string;
  /** Parts already on disk, by number. */
  readonly done: ReadonlySet<number>;

  private constructor(path: string, done: ReadonlySet<number>) {
    const stem = join(dirname(path), `.${basename(path)}.strata-resume`);
    this.temp = `${stem}.part`;
    this.#journal = `${stem}.json`;
    this.done = done;
  }

  /**
   * Opens the journal of `path` for `identity`: the parts an earlier run finished when it was of
   * the same object, else a fresh start (the old file and journal replaced). Resolves with the
   * journal and the temporary file, open for positioned writes.
   */
  static async open(
    path: string,
    identity: DownloadIdentity,
  ): Promise<{ journal: DownloadJournal; file: FileHandle }> {
    const fresh = new DownloadJournal(path, new Set());
    const done = await readDone(fresh.#journal, identity);
    if (done !== undefined) {
      const resumed = new DownloadJournal(path, done);
      try {
        return { journal: resumed, file: await open(resumed.temp, 'r+') };
      } catch {
        // The file is gone: start over.
      }
    }
    const file = await open(fresh.temp, 'w');
    try {
      await appendFile(fresh.#journal, `${JSON.stringify(identity)}\n`, { flag: 'w' });
      return { journal: fresh, file };
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Records a part as written; `file` is flushed first, so a listed part is on disk. */
  async partDone(file: FileHandle, partNumber: number): Promise<void> {
    await file.datasync();
    await appendFile(this.#journal, `${partNumber}\n`);
  }

  /** Removes the journal (after the file was renamed into place, or to start over). */
  async remove(): Promise<void> {
    await rm(this.#journal, { force: true });
  }
}

/** The parts the journal lists, when it is of this object; `undefined` otherwise. */
async function readDone(journal: string, mine: DownloadIdentity): Promise<Set<number> | undefined> {
  let text: string;
  try {
    text = await readFile(journal, 'utf8');
  } catch {
    return undefined;
  }
  const [header, ...lines] = text.split('\n');
  try {
    const recorded = JSON.parse(header ?? '') as Partial<DownloadIdentity>;
    const same =
      recorded.bucket === mine.bucket &&
      recorded.key === mine.key &&
      recorded.size === mine.size &&
      recorded.etag === mine.etag &&
      recorded.partSize === mine.partSize;
    if (!same) return undefined;
  } catch {
    return undefined;
  }
  // The last line is complete only when the text ends with a newline.
  const complete = text.endsWith('\n') ? lines : lines.slice(0, -1);
  return new Set(complete.filter((l) => /^\d+$/.test(l)).map(Number));
}
