import { parsePolicy, type BucketPolicy } from '@strata/access-policy';

/** A bucket's stored policy as authorization uses it: compiled, unreadable, or none. */
export type StoredPolicy = BucketPolicy | 'invalid' | undefined;

/**
 * Compiles the policy document stored for `bucket`. PutBucketPolicy validated it, so a failure
 * means a later Strata reads documents more strictly than the one that stored it: the policy
 * then grants nothing (fail closed) and `onInvalid` is told, so an operator can fix it.
 */
export function compileStoredPolicy(
  bucket: string,
  text: string | undefined,
  onInvalid?: (bucket: string, error: unknown) => void,
): StoredPolicy {
  if (text === undefined) return undefined;
  try {
    // No size limit here: the document was accepted under the limit in force when it was stored.
    return parsePolicy(text, { bucket, maxBytes: Number.POSITIVE_INFINITY });
  } catch (error) {
    onInvalid?.(bucket, error);
    return 'invalid';
  }
}
