import { describe, expect, it } from 'vitest';
import {
  BENCH_POLICY_STATEMENTS,
  createBenchPolicy,
  type PolicyStatement,
} from './bench-policy.js';

const list = (v: string | readonly string[]): readonly string[] =>
  typeof v === 'string' ? [v] : v;

/** Whether `arn` is the bucket itself or an object path in it (not `bench-small-2`). */
const inBucket = (arn: string, bucket: string): boolean =>
  arn === `arn:aws:s3:::${bucket}` || arn.startsWith(`arn:aws:s3:::${bucket}/`);

const names = (s: PolicyStatement): readonly string[] =>
  s.Principal === '*' ? ['*'] : list(s.Principal.AWS);

describe('createBenchPolicy', () => {
  const policy = createBenchPolicy('bench-small');
  const statements = policy.Statement;

  it('has exactly 20 statements with unique Sids, and survives a JSON round trip', () => {
    expect(BENCH_POLICY_STATEMENTS).toBe(20);
    expect(statements).toHaveLength(BENCH_POLICY_STATEMENTS);
    expect(new Set(statements.map((s) => s.Sid)).size).toBe(statements.length);
    expect(JSON.parse(JSON.stringify(policy, null, 2))).toEqual(policy);
    expect(policy.Version).toBe('2012-10-17');
    // S3 refuses a normalized document over 20 KB.
    expect(JSON.stringify(policy).length).toBeLessThan(20_480);
  });

  it('names only resources inside the bucket it is for', () => {
    const resources = statements.flatMap((s) => list(s.Resource));
    expect(resources.length).toBeGreaterThanOrEqual(statements.length);
    expect(resources.filter((r) => !inBucket(r, 'bench-small'))).toEqual([]);
    const other = createBenchPolicy('bench-small-2').Statement.flatMap((s) => list(s.Resource));
    expect(other.filter((r) => !inBucket(r, 'bench-small-2'))).toEqual([]);
    expect(other.filter((r) => inBucket(r, 'bench-small'))).toEqual([]);
  });

  it('is not public (BlockPublicPolicy would refuse it): no Allow names everyone', () => {
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(10);
    for (const s of allows) {
      expect(names(s).every((n) => /^(\d{12}|arn:aws:iam::\d{12}:(root|user\/.+))$/.test(n))).toBe(
        true,
      );
    }
    // The Deny statements name everyone: an explicit deny applies to the owner's key too.
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(denies.map((s) => s.Principal)).toEqual(Array(10).fill('*'));
  });

  it('evaluates conditions on the GETs the bench makes, and reads no object tags', () => {
    const getsObjects = (s: PolicyStatement) =>
      list(s.Action).some((a) => a === 's3:*' || a === 's3:GetObject') &&
      list(s.Resource).includes('arn:aws:s3:::bench-small/*');
    const evaluated = statements.filter((s) => s.Effect === 'Deny' && getsObjects(s));
    expect(evaluated.map((s) => s.Sid)).toEqual([
      'DenyOutsideTrustedNetworks',
      'DenyOlderSignatures',
      'DenyScannerUserAgents',
    ]);
    expect(evaluated.every((s) => s.Condition !== undefined)).toBe(true);
    const keys = statements.flatMap((s) =>
      Object.values(s.Condition ?? {}).flatMap((block) => Object.keys(block)),
    );
    expect(keys.filter((k) => /existingobjecttag/i.test(k))).toEqual([]);
    expect(JSON.stringify(policy)).toContain('arn:aws:s3:::bench-small/home/${aws:username}/*');
  });
});
