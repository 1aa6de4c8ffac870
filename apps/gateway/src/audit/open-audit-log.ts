import { basename, dirname } from 'node:path';
import { createStream } from 'rotating-file-stream';

/** One audited request: who did what to which object, and how it went. Never a secret. */
export interface AuditEntry {
  readonly requestId: string;
  /** The tenant of the access key (`default` when the config names none). */
  readonly tenant: string | undefined;
  readonly accessKeyId: string | undefined;
  /** The S3 operation, or `unknown` when the request failed before routing (e.g. its signature). */
  readonly operation: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly versionId: string | undefined;
  readonly status: number;
  /** The S3 error code of a refused request. */
  readonly errorCode: string | undefined;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly durationMs: number;
  /** The client's address (the right-most untrusted `X-Forwarded-For` hop behind a trusted proxy). */
  readonly clientAddress: string;
}

/** Where audit lines go. */
export interface AuditLog {
  write(entry: AuditEntry): void;
  /** Flushes and closes the file (no-op for stdout). */
  close(): Promise<void>;
}

/** Options of {@link openAuditLog} (the `audit:` config keys). */
export interface AuditLogOptions {
  /** `stdout`, or the path of the audit file. */
  readonly output: string;
  /** Rotate the file when it reaches this many bytes. */
  readonly maxSize: number;
  /** Rotated files kept beside the current one (older ones are removed). */
  readonly maxFiles: number;
  /** Told of a write or rotation failure (the audit line is lost; requests go on). */
  readonly onError: (error: unknown) => void;
}

/**
 * Opens the audit log: JSON lines (one per request, with an ISO `time`), separate from the
 * debug log, to stdout or to a file rotated by size with `rotating-file-stream` (the rotated files
 * are `<name>.<yyyymmdd-hhmmss>-<n>`, at most `maxFiles` kept, listed in `<name>.history`). A failing disk never stops the
 * gateway: the stream's errors go to `onError`.
 */
export function openAuditLog(options: AuditLogOptions): AuditLog {
  // One record per line, its own fields only (no pid, host or level: a record, not a message).
  const line = (entry: AuditEntry) =>
    `${JSON.stringify({ time: new Date().toISOString(), event: 'request', ...entry })}\n`;
  if (options.output === 'stdout') {
    return { write: (entry) => void process.stdout.write(line(entry)), close: async () => {} };
  }
  const name = basename(options.output);
  const stream = createStream(
    (time: number | Date | null, index?: number) =>
      time === null ? name : `${name}.${stamp(new Date(time))}-${index ?? 1}`,
    {
      path: dirname(options.output),
      size: `${Math.max(1, Math.ceil(options.maxSize / 1024))}K`,
      maxFiles: options.maxFiles,
      // The library's record of the rotated files it keeps (to enforce maxFiles).
      history: `${name}.history`,
    },
  );
  // Listened to from the moment it exists: an unwritable directory is logged, not a crash.
  stream.on('error', options.onError);
  stream.on('warning', options.onError);
  return {
    write: (entry) => void stream.write(line(entry)),
    close: () =>
      new Promise<void>((resolve) => {
        stream.end(() => resolve());
      }),
  };
}

/** `20261205-134501`: sortable, and safe in a file name. */
function stamp(time: Date): string {
  return time.toISOString().slice(0, 19).replace(/-|:/g, '').replace('T', '-');
}
