import type { CompiledStatement } from './compiled-statement.js';
import { compileStatement } from './internal/compile-statement.js';
import { faultAt, type Fault } from './internal/fault.js';
import { readDocument } from './internal/read-document.js';
import { REASONS } from './internal/reasons.js';

/** S3's limit on a bucket policy: 20 KB ("Bucket policies are limited to 20 KB in size"). */
export const MAX_POLICY_BYTES = 20_480;

/** The policy language versions IAM knows; only 2012-10-17 has policy variables. */
export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;

/** Options of {@link parsePolicy}. */
export interface ParsePolicyOptions {
  /** The bucket the policy is for: every resource must be this bucket or its objects. */
  readonly bucket: string;
  /**
   * Largest normalized document (JSON without white space), in bytes of UTF-8; default
   * {@link MAX_POLICY_BYTES}. `Infinity` skips the check (for a document stored earlier).
   */
  readonly maxBytes?: number;
}

/** A bucket policy, checked and compiled by {@link parsePolicy}. */
export interface BucketPolicy {
  /** The document as the client sent it (GetBucketPolicy returns it verbatim). */
  readonly text: string;
  /** `Version` as written, if any (`2012-10-17` turns policy variables on). */
  readonly version: (typeof POLICY_VERSIONS)[number] | undefined;
  /**
   * Lower-cased condition keys any statement reads, policy variables included (e.g.
   * `s3:existingobjecttag/team`), so a caller computes only the context values a policy needs.
   */
  readonly conditionKeys: ReadonlySet<string>;
  /** The statements in document order, compiled. */
  readonly statements: readonly CompiledStatement[];
}

const TOP_FIELDS = new Set(['Version', 'Id', 'Statement']);

function conditionKeysOf(statements: readonly CompiledStatement[]): Set<string> {
  const keys = new Set<string>();
  for (const statement of statements) {
    for (const resource of statement.resources) resource.variables.forEach((k) => keys.add(k));
    for (const condition of statement.conditions) {
      keys.add(condition.key);
      for (const key of condition.variables) keys.add(key);
    }
  }
  return keys;
}

/**
 * Checks a bucket policy document as S3's PutBucketPolicy does and compiles it for
 * {@link evaluatePolicy}: wildcards become RegExps, dates, numbers and CIDRs are parsed once.
 *
 * @throws {@link MalformedPolicyError} (`code: 'MalformedPolicy'`) for any document S3 would
 * refuse, too large ones included; the message starts with S3's reason and names the statement
 * and value at fault.
 * @example
 * ```ts
 * const policy = parsePolicy(
 *   JSON.stringify({
 *     Version: '2012-10-17',
 *     Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::photos/public/*' }],
 *   }),
 *   { bucket: 'photos' },
 * );
 * ```
 */
export function parsePolicy(text: string, options: ParsePolicyOptions): BucketPolicy {
  const fault: Fault = faultAt();
  const document = readDocument(text, options.maxBytes ?? MAX_POLICY_BYTES, fault);
  for (const name of Object.keys(document)) {
    if (!TOP_FIELDS.has(name)) fault(REASONS.unknownField(name));
  }
  const { Version: version, Id: id, Statement: statement } = document;
  if (version !== undefined && !POLICY_VERSIONS.includes(version as never)) {
    fault(REASONS.version, version);
  }
  if (id !== undefined && typeof id !== 'string') fault(REASONS.syntax, id);
  if (statement === undefined) fault(REASONS.missing('Statement'));
  const list: unknown[] = Array.isArray(statement) ? statement : [statement];
  if (list.length === 0) fault(REASONS.emptyStatement);
  const variables = version === '2012-10-17';
  const statements = list.map((raw, index) =>
    compileStatement(raw, { index, bucket: options.bucket, variables }),
  );
  const sids = new Set<string>();
  for (const { sid, index } of statements) {
    if (sid === undefined) continue;
    if (sids.has(sid)) faultAt(index, sid)(REASONS.duplicateSid);
    sids.add(sid);
  }
  return {
    text,
    version: version as BucketPolicy['version'],
    conditionKeys: conditionKeysOf(statements),
    statements,
  };
}
