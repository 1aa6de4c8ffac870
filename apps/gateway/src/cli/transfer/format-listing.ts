import type { ListedBucket, ListedObjectEntry } from '@strata/s3-client';

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2024-05-01 13:02:07` in local time, as aws cli prints dates. */
export function formatDate(date: Date | undefined): string {
  if (date === undefined) return ' '.repeat(19);
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `date time bucket`, a line of `strata ls` without an argument. */
export function formatBucketLine(bucket: ListedBucket): string {
  return `${formatDate(bucket.creationDate)} ${bucket.name}`;
}

/** `date time size name`, size right-aligned in 10 columns (aws cli's layout). */
export function formatObjectLine(entry: ListedObjectEntry, name: string): string {
  return `${formatDate(entry.lastModified)} ${String(entry.size).padStart(10)} ${name}`;
}

/** `PRE name/`, with `PRE` right-aligned under the size column. */
export function formatPrefixLine(name: string): string {
  return `${'PRE'.padStart(30)} ${name}`;
}
