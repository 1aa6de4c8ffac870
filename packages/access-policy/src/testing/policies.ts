import { evaluatePolicy } from '../evaluate-policy.js';
import { parsePolicy, type BucketPolicy } from '../parse-policy.js';
import type { PolicyDecision, PolicyPrincipal, PolicyRequest } from '../policy-request.js';

/** The bucket every test policy is for (the name AWS's examples use). */
export const BUCKET = 'amzn-s3-demo-bucket';
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;

/** `arn:aws:s3:::amzn-s3-demo-bucket/<key>`. */
export const objectArn = (key: string) => `${BUCKET_ARN}/${key}`;

export const ANONYMOUS: PolicyPrincipal = { type: 'anonymous' };

/** A user of account `account` (canonical id: the account id's digits, repeated). */
export function user(account: string, name: string): PolicyPrincipal {
  return {
    type: 'user',
    account,
    canonicalId: account.slice(0, 8).repeat(8),
    arn: `arn:aws:iam::${account}:user/${name}`,
  };
}

/** The root of account `account`. */
export function root(account: string): PolicyPrincipal {
  return {
    type: 'user',
    account,
    canonicalId: account.slice(0, 8).repeat(8),
    arn: `arn:aws:iam::${account}:root`,
  };
}

/** A policy document of `statements` (Version 2012-10-17 unless `version` says otherwise). */
export function policyText(statements: unknown, version: string | null = '2012-10-17'): string {
  return JSON.stringify(
    version === null ? { Statement: statements } : { Version: version, Statement: statements },
  );
}

/** `statements` parsed for {@link BUCKET}. */
export function compile(statements: unknown, version: string | null = '2012-10-17'): BucketPolicy {
  return parsePolicy(policyText(statements, version), { bucket: BUCKET });
}

/** A context function over `values`, whose names may be written in any case. */
export function contextOf(
  values: Readonly<Record<string, string | readonly string[]>> = {},
): PolicyRequest['context'] {
  const byKey = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return (key) => byKey.get(key);
}

/** What a request for `action` on `resource` by `principal` with `context` gets from `policy`. */
export interface Ask {
  readonly principal?: PolicyPrincipal;
  readonly action?: string;
  readonly resource?: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export function decide(policy: BucketPolicy, ask: Ask): PolicyDecision {
  return evaluatePolicy(policy, {
    principal: ask.principal ?? ANONYMOUS,
    action: ask.action ?? 's3:GetObject',
    resource: ask.resource ?? objectArn('photo.jpg'),
    context: contextOf(ask.context),
  });
}
