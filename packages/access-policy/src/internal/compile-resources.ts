import type { S3ActionResource } from '../s3-actions.js';
import type { Fault } from './fault.js';
import { compilePattern, type CompiledPattern } from './pattern.js';
import { stringList } from './string-list.js';
import { REASONS } from './reasons.js';
import { parseTemplate, widenTokens } from './template.js';
import { globAcceptsPrefix, matchGlob } from './wildcard.js';

const S3_ARN_PREFIX = 'arn:aws:s3:::';

/** A `Resource`/`NotResource` element compiled, and the resource types its values reach. */
export interface ResourcesAndKinds {
  readonly resources: CompiledPattern[];
  readonly kinds: ReadonlySet<S3ActionResource>;
}

/**
 * Compiles `Resource` or `NotResource`. "Each policy must cover only a single bucket and
 * resources within that bucket" (S3, special information for policies): each value is `*`, or
 * `arn:aws:s3:::` followed by a pattern that can name this bucket or an object in it (a
 * wildcard may stand in the bucket name if it still covers this bucket; a policy variable
 * counts as a wildcard). Anything else: "Policy has invalid resource".
 */
export function compileResources(
  raw: unknown,
  bucket: string,
  variables: boolean,
  fault: Fault,
): ResourcesAndKinds {
  const values = stringList(raw, fault, REASONS.resource);
  const kinds = new Set<S3ActionResource>();
  const resources = values.map((value) => {
    if (value === '*') {
      kinds.add('bucket').add('object').add('account');
    } else {
      if (!value.startsWith(S3_ARN_PREFIX)) fault(REASONS.resource, value);
      const rest = value.slice(S3_ARN_PREFIX.length);
      const tokens = widenTokens(parseTemplate(rest, { variables, wildcards: true }));
      const bucketArn = rest !== '' && matchGlob(tokens, Array.from(bucket));
      const objectArn = rest !== '' && globAcceptsPrefix(tokens, `${bucket}/`);
      if (!bucketArn && !objectArn) fault(REASONS.resource, value);
      if (bucketArn) kinds.add('bucket');
      if (objectArn) kinds.add('object');
    }
    return compilePattern(value, { variables, wildcards: true });
  });
  return { resources, kinds };
}
