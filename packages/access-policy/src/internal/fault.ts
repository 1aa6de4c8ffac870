import { MalformedPolicyError } from '../malformed-policy-error.js';

/** Throws a {@link MalformedPolicyError} with S3's `reason`, at the current statement. */
export type Fault = (reason: string, ...value: [] | [unknown]) => never;

/** A {@link Fault} that names statement `statement` (and its Sid, once known). */
export function faultAt(statement?: number, sid?: string): Fault {
  return (reason, ...value) => {
    throw new MalformedPolicyError(reason, {
      statement,
      sid,
      ...(value.length === 0 ? {} : { value: value[0] }),
    });
  };
}
