import { SigV4Error } from './sigv4-error.js';

/** The condition operators a POST policy can use (S3 "Creating a POST policy"). */
export const POST_POLICY_OPERATORS = ['eq', 'starts-with', 'content-length-range'] as const;

/** One of {@link POST_POLICY_OPERATORS}. */
export type PostPolicyOperator = (typeof POST_POLICY_OPERATORS)[number];

/** One condition of a POST policy; `{"acl": "x"}` is read as `["eq", "$acl", "x"]`. */
export type PostPolicyCondition =
  | { readonly op: 'eq' | 'starts-with'; readonly field: string; readonly value: string }
  | { readonly op: 'content-length-range'; readonly min: number; readonly max: number };

/** A decoded POST policy document. */
export interface PostPolicy {
  readonly expiration: Date;
  readonly conditions: readonly PostPolicyCondition[];
}

/** A POST form whose policy signature verified. */
export interface PostPolicyAuth {
  accessKeyId: string;
  /** `post-v4` (`x-amz-signature`) or `post-v2` (`AWSAccessKeyId` + `signature`). */
  method: 'post-v4' | 'post-v2';
  /** The decoded policy; check the form against it with `checkPostPolicy`. */
  policy: PostPolicy;
  /** The `x-amz-security-token` field, when sent. */
  securityToken?: string;
}

/** Form fields that need no condition (S3: the signature, the file, the policy, `x-ignore-*`). */
const EXEMPT_FIELDS = new Set(['policy', 'x-amz-signature', 'signature', 'awsaccesskeyid', 'file']);

function invalidPolicy(reason: string): SigV4Error {
  return new SigV4Error('InvalidPolicyDocument', `Invalid Policy: ${reason}`);
}

/**
 * Decode a base64 POST policy (`{"expiration": ISO-8601, "conditions": [...]}`). Call it only on a
 * policy whose signature was verified.
 *
 * @throws {SigV4Error} `InvalidPolicyDocument` for invalid base64/JSON, a missing or invalid
 *   expiration, missing conditions or an unknown or malformed condition.
 */
export function parsePostPolicy(base64: string): PostPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw invalidPolicy('Invalid JSON.');
  }
  const { expiration, conditions } = doc as Record<string, unknown>;
  if (typeof expiration !== 'string') throw invalidPolicy('Policy missing expiration.');
  const expires = new Date(expiration);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(expiration) || Number.isNaN(expires.getTime())) {
    throw invalidPolicy(`Invalid 'expiration' value: '${expiration}'`);
  }
  if (!Array.isArray(conditions)) throw invalidPolicy('Policy missing conditions.');
  return { expiration: expires, conditions: conditions.flatMap(parseCondition) };
}

function parseCondition(raw: unknown): PostPolicyCondition[] {
  if (Array.isArray(raw)) {
    const [op, a, b] = raw as unknown[];
    const opName = typeof op === 'string' ? op.toLowerCase() : '';
    if (opName === 'content-length-range' && raw.length === 3) {
      const min = toLength(a);
      const max = toLength(b);
      if (min !== undefined && max !== undefined) return [{ op: 'content-length-range', min, max }];
    } else if (
      (opName === 'eq' || opName === 'starts-with') &&
      raw.length === 3 &&
      typeof a === 'string' &&
      a.startsWith('$') &&
      typeof b === 'string'
    ) {
      return [{ op: opName, field: a.slice(1).toLowerCase(), value: b }];
    }
    throw invalidPolicy(`Invalid Condition: ${JSON.stringify(raw)}`);
  }
  if (typeof raw === 'object' && raw !== null) {
    return Object.entries(raw).map(([field, value]) => {
      if (typeof value !== 'string')
        throw invalidPolicy(`Invalid Condition: ${JSON.stringify(raw)}`);
      return { op: 'eq' as const, field: field.toLowerCase(), value };
    });
  }
  throw invalidPolicy(`Invalid Condition: ${JSON.stringify(raw)}`);
}

function toLength(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function policyDenied(reason: string): SigV4Error {
  return new SigV4Error('AccessDenied', `Invalid according to Policy: ${reason}`);
}

/**
 * Check the form fields of a POST upload against a verified policy, as S3 does: the policy must
 * not have expired, every `eq` / `starts-with` condition must hold (`$bucket` is checked against
 * the bucket the request addresses; a `starts-with` on `Content-Type` must hold for each
 * comma-separated value), and every form field except `policy`, `x-amz-signature`, `file` and
 * `x-ignore-*` must be named by some condition.
 *
 * @param fields form fields by lower-case name; `key` already has `${filename}` substituted.
 * @returns the `content-length-range` to enforce on the file (the tightest, when several).
 * @throws {SigV4Error} `AccessDenied` "Invalid according to Policy: Policy expired." /
 *   "…Policy Condition failed: [\"eq\", \"$key\", \"x\"]" / "…Extra input fields: name".
 */
export function checkPostPolicy(
  policy: PostPolicy,
  fields: ReadonlyMap<string, string>,
  context: { bucket: string; now: Date },
): { min: number; max: number } {
  if (policy.expiration.getTime() <= context.now.getTime()) {
    throw policyDenied('Policy expired.');
  }
  const covered = new Set<string>();
  let min = 0;
  let max = Number.MAX_SAFE_INTEGER;
  for (const condition of policy.conditions) {
    if (condition.op === 'content-length-range') {
      min = Math.max(min, condition.min);
      max = Math.min(max, condition.max);
      continue;
    }
    covered.add(condition.field);
    const actual =
      condition.field === 'bucket' ? context.bucket : (fields.get(condition.field) ?? '');
    if (!holds(condition, actual)) {
      throw policyDenied(
        `Policy Condition failed: ["${condition.op}", "$${condition.field}", "${condition.value}"]`,
      );
    }
  }
  const extra = [...fields.keys()].filter(
    (name) => !EXEMPT_FIELDS.has(name) && !name.startsWith('x-ignore-') && !covered.has(name),
  );
  if (extra.length > 0) throw policyDenied(`Extra input fields: ${extra.join(', ')}`);
  return { min, max };
}

function holds(
  condition: { op: 'eq' | 'starts-with'; field: string; value: string },
  actual: string,
): boolean {
  if (condition.op === 'eq') return actual === condition.value;
  if (condition.field === 'content-type') {
    return actual.split(',').every((part) => part.trim().startsWith(condition.value));
  }
  return actual.startsWith(condition.value);
}
