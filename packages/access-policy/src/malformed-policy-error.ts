/** Where in a policy document a fault is: the statement (by index and Sid) and the value. */
export interface PolicyFaultLocation {
  /** Index of the statement in `Statement` (0-based; 0 when `Statement` is one object). */
  readonly statement?: number | undefined;
  /** The statement's `Sid`, when it has one. */
  readonly sid?: string | undefined;
  /** The offending value, as written (quoted as JSON in the message). */
  readonly value?: unknown;
}

const MAX_VALUE_CHARS = 120;

function describe(location: PolicyFaultLocation): string {
  const parts: string[] = [];
  if (location.statement !== undefined) parts.push(`Statement[${location.statement}]`);
  if (location.sid !== undefined) parts.push(`Sid ${JSON.stringify(location.sid)}`);
  let where = parts.join(', ');
  if ('value' in location) {
    let value = JSON.stringify(location.value) ?? String(location.value);
    if (value.length > MAX_VALUE_CHARS) value = `${value.slice(0, MAX_VALUE_CHARS)}…`;
    where = where === '' ? value : `${where}: ${value}`;
  }
  return where;
}

/**
 * A bucket policy document that S3 would refuse: PutBucketPolicy answers `400 MalformedPolicy`.
 * The message starts with S3's own reason ({@link MalformedPolicyError.reason}, such as
 * `Policy has invalid resource`) and then names the statement and the value at fault, e.g.
 * `Policy has invalid resource (Statement[1], Sid "Home": "arn:aws:s3:::other/*")`.
 */
export class MalformedPolicyError extends Error {
  /** `MalformedPolicyError`. */
  override readonly name = 'MalformedPolicyError';
  /** The S3 error code PutBucketPolicy answers with; the same for every fault, size included. */
  readonly code = 'MalformedPolicy' as const;
  /** S3's reason alone, without the location: what AWS itself would put in `<Message>`. */
  readonly reason: string;
  /** Index of the statement at fault, when the fault is inside one. */
  readonly statement: number | undefined;

  constructor(reason: string, location: PolicyFaultLocation = {}) {
    const where = describe(location);
    super(where === '' ? reason : `${reason} (${where})`);
    this.reason = reason;
    this.statement = location.statement;
  }
}

/** Whether `error` is a {@link MalformedPolicyError}. */
export function isMalformedPolicyError(error: unknown): error is MalformedPolicyError {
  return error instanceof MalformedPolicyError;
}
