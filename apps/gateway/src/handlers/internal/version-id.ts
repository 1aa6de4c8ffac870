import type { Context } from 'hono';
import { NULL_VERSION_ID, s3VersionIdOf, type ObjectRecord } from '@strata/metastore-core';
import type { GatewayEnv } from '../../env.js';

/** A version: a record, or its S3 version id. */
type Version = string | Pick<ObjectRecord, 'versionId' | 'versioned'>;

/**
 * `x-amz-version-id` of a version S3 shows an id for: one written with versioning `Enabled`,
 * never the `null` version.
 */
export function versionIdHeader(version: Version): Record<string, string> {
  const id = typeof version === 'string' ? version : s3VersionIdOf(version);
  return id === NULL_VERSION_ID ? {} : { 'x-amz-version-id': id };
}

/** Sets {@link versionIdHeader} on a write's response. */
export function setVersionIdHeader(c: Context<GatewayEnv>, version: Version): void {
  setHeaders(c, versionIdHeader(version));
}

/**
 * `x-amz-version-id` of the version a read returns (GET, HEAD, GetObjectAttributes,
 * GetObjectTagging): {@link versionIdHeader}, and `null` for the null version of a bucket whose
 * versioning was ever configured, as S3 answers there. A never-versioned bucket's objects carry
 * none, and neither does a write's answer (S3 sends no header for a `Suspended` write).
 */
export function readVersionIdHeader(
  c: Context<GatewayEnv>,
  version: Version,
): Record<string, string> {
  const id = typeof version === 'string' ? version : s3VersionIdOf(version);
  return id === NULL_VERSION_ID && c.get('versioned') === true
    ? { 'x-amz-version-id': NULL_VERSION_ID }
    : versionIdHeader(id);
}

/** Sets {@link readVersionIdHeader} on a read's response (attributes, tagging). */
export function setReadVersionIdHeader(c: Context<GatewayEnv>, version: Version): void {
  setHeaders(c, readVersionIdHeader(c, version));
}

function setHeaders(c: Context<GatewayEnv>, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
}

/**
 * The `versionId` query parameter of an operation that takes one (the operation table's
 * `versionId` rows); `undefined` when absent. Its shape is the object layer's to check.
 */
export function versionIdOf(c: Context<GatewayEnv>): string | undefined {
  return c.get('target').query.get('versionId') ?? undefined;
}

/**
 * `x-amz-copy-source-version-id` of a CopyObject or UploadPartCopy: the version copied, sent
 * when the request named one or the source has a version id (not for a `null` version copied
 * without asking).
 */
export function setCopySourceVersionId(
  c: Context<GatewayEnv>,
  requested: string | undefined,
  copied: string | undefined,
): void {
  if (copied !== undefined && (requested !== undefined || copied !== NULL_VERSION_ID)) {
    c.header('x-amz-copy-source-version-id', copied);
  }
}
