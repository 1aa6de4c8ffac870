import type { ExitCode } from '../transfer/exit-codes.js';
import { formatDate } from '../transfer/format-listing.js';
import type { AdminOptions } from './admin-options.js';
import { formatSize, formatTable } from './format-table.js';
import { runAdminCommand } from './run-admin-command.js';

/** What `strata admin buckets` reads of `GET /admin/v1/buckets`. */
export interface BucketsBody {
  readonly buckets: readonly {
    readonly name: string;
    readonly owner: string;
    readonly region: string;
    readonly createdAt: string;
    readonly usage: { readonly bytes: number; readonly objects: number };
  }[];
}

/** One row per bucket: name, owner, region, creation time (local), size and object count. */
export function renderBuckets(body: BucketsBody): string {
  return formatTable(
    [
      { header: 'name' },
      { header: 'owner' },
      { header: 'region' },
      { header: 'created' },
      { header: 'size', right: true },
      { header: 'objects', right: true },
    ],
    body.buckets.map((b) => [
      b.name,
      b.owner,
      b.region,
      formatDate(new Date(b.createdAt)),
      formatSize(b.usage.bytes),
      String(b.usage.objects),
    ]),
  );
}

/** `strata admin buckets`: every bucket with its owner, region and usage. */
export function runBuckets(options: AdminOptions): Promise<ExitCode> {
  return runAdminCommand('/buckets', options, renderBuckets);
}
