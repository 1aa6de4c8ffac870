import { describe, expect, it } from 'vitest';
import { MalformedPolicyError } from './malformed-policy-error.js';
import { MAX_POLICY_BYTES, parsePolicy } from './parse-policy.js';
import { BUCKET, BUCKET_ARN, policyText } from './testing/policies.js';

const OBJECTS = `${BUCKET_ARN}/*`;
const GOOD = {
  Sid: 'S',
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: OBJECTS,
};

/** The error parsePolicy throws for `text` (fails the test when it does not throw). */
function refusal(text: string, maxBytes?: number): MalformedPolicyError {
  try {
    parsePolicy(text, { bucket: BUCKET, ...(maxBytes === undefined ? {} : { maxBytes }) });
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedPolicyError);
    return error as MalformedPolicyError;
  }
  throw new Error(`accepted: ${text}`);
}

/** The message for a policy whose second statement is `GOOD` changed by `change`. */
const statementMessage = (change: Record<string, unknown>, drop: readonly string[] = []) => {
  const statement: Record<string, unknown> = { ...GOOD, Sid: 'Second', ...change };
  for (const name of drop) delete statement[name];
  return refusal(policyText([GOOD, statement])).message;
};

describe('parsePolicy accepts', () => {
  it('a policy and keeps its text verbatim', () => {
    const text = ` ${policyText([GOOD])}`.trim().replace('{', '{\n  ');
    const policy = parsePolicy(text, { bucket: BUCKET });
    expect(policy.text).toBe(text);
    expect(policy.version).toBe('2012-10-17');
    expect(policy.statements).toHaveLength(1);
    expect(policy.statements[0]!.effect).toBe('Allow');
  });
  it('one statement object, no Version, an Id, resources that still cover the bucket', () => {
    const text = JSON.stringify({
      Id: 'P1',
      Statement: {
        Effect: 'Deny',
        Principal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:user/a/b/c'] },
        Action: '*',
        Resource: ['*', 'arn:aws:s3:::amzn-*', 'arn:aws:s3:::amzn-s3-demo-?ucket/x'],
      },
    });
    expect(parsePolicy(text, { bucket: BUCKET }).statements[0]!.resources).toHaveLength(3);
  });
  it('a document of exactly maxBytes when normalized, white space not counted', () => {
    const withSid = (length: number) => policyText([{ ...GOOD, Sid: 'x'.repeat(length) }]);
    const fits = withSid(MAX_POLICY_BYTES - withSid(0).length);
    expect(fits.length).toBe(MAX_POLICY_BYTES);
    const padded = fits.replace(/,/g, ',   ');
    expect(() => parsePolicy(padded, { bucket: BUCKET })).not.toThrow();
    expect(refusal(fits.replace('"Sid":"', '"Sid":"x')).reason).toMatch(/^Normalized policy/);
  });
});

describe('parsePolicy refuses, with S3 reason first and the place at fault after it', () => {
  const cases: readonly (readonly [string, () => string, string])[] = [
    [
      'text that does not start with {',
      () => refusal(' {}').message,
      "Policies must be valid JSON and the first byte must be '{'",
    ],
    [
      'text that is not JSON',
      () => refusal('{"Statement": [}').message,
      'This policy contains invalid Json (',
    ],
    [
      'a name given twice',
      () => refusal('{"Statement":[{"Effect":"Allow","Effect":"Deny"}]}').message,
      'Statement/policy already has instance of Effect',
    ],
    [
      'an unknown top-level field',
      () => refusal(JSON.stringify({ Statement: [GOOD], Statements: [] })).message,
      'Unknown field Statements',
    ],
    [
      'an unknown Version',
      () => refusal(JSON.stringify({ Version: '2012-10-18', Statement: [GOOD] })).message,
      'The policy must contain a valid version string ("2012-10-18")',
    ],
    [
      'an Id that is not a string',
      () => refusal(JSON.stringify({ Id: 7, Statement: [GOOD] })).message,
      'Invalid policy syntax. (7)',
    ],
    [
      'no Statement',
      () => refusal('{"Version":"2012-10-17"}').message,
      'Missing required field Statement',
    ],
    [
      'an empty Statement',
      () => refusal('{"Statement":[]}').message,
      'Could not parse the policy: Statement is empty!',
    ],
    [
      'a statement that is not an object',
      () => refusal('{"Statement":["x"]}').message,
      'Invalid policy syntax. (Statement[0]: "x")',
    ],
    [
      'an unknown statement field',
      () => statementMessage({ Principals: '*' }),
      'Unknown field Principals (Statement[1], Sid "Second")',
    ],
    [
      'no Effect',
      () => statementMessage({}, ['Effect']),
      'Missing required field Effect (Statement[1], Sid "Second")',
    ],
    [
      'an unknown Effect',
      () => statementMessage({ Effect: 'allow' }),
      'Invalid effect: allow (Statement[1], Sid "Second")',
    ],
    [
      'no Principal',
      () => statementMessage({}, ['Principal']),
      'Missing required field Principal (Statement[1], Sid "Second")',
    ],
    [
      'Principal and NotPrincipal',
      () => statementMessage({ NotPrincipal: '*' }),
      'Statement/policy already has instance of Principal',
    ],
    [
      'a partial wildcard principal',
      () => statementMessage({ Principal: { AWS: 'arn:aws:iam::*:root' } }),
      'Invalid principal in policy (Statement[1], Sid "Second": "arn:aws:iam::*:root")',
    ],
    [
      'a principal type IAM does not know',
      () => statementMessage({ Principal: { User: 'x' } }),
      'Invalid principal in policy (Statement[1], Sid "Second": "User")',
    ],
    [
      'a bad canonical id',
      () => statementMessage({ Principal: { CanonicalUser: 'abc' } }),
      'Invalid principal in policy (Statement[1], Sid "Second": "abc")',
    ],
    [
      'a principal string other than *',
      () => statementMessage({ Principal: '123456789012' }),
      'Invalid principal in policy',
    ],
    ['no Action', () => statementMessage({}, ['Action']), 'Missing required field Action'],
    [
      'an action of another service',
      () => statementMessage({ Action: 'iam:PassRole' }),
      'Policy has invalid action (Statement[1], Sid "Second": "iam:PassRole")',
    ],
    [
      'an S3 action that does not exist',
      () => statementMessage({ Action: ['s3:GetObject', 's3:GetObjekt'] }),
      'Policy has invalid action (Statement[1], Sid "Second": "s3:GetObjekt")',
    ],
    [
      'an action wildcard that matches nothing',
      () => statementMessage({ Action: 's3:Fly*' }),
      'Policy has invalid action',
    ],
    ['no Resource', () => statementMessage({}, ['Resource']), 'Missing required field Resource'],
    [
      'a resource in another bucket',
      () => statementMessage({ Resource: 'arn:aws:s3:::other-bucket/*' }),
      'Policy has invalid resource (Statement[1], Sid "Second": "arn:aws:s3:::other-bucket/*")',
    ],
    [
      'a bucket wildcard that misses this bucket',
      () => statementMessage({ Resource: 'arn:aws:s3:::other-*' }),
      'Policy has invalid resource',
    ],
    [
      'a resource that is not an S3 ARN',
      () => statementMessage({ Resource: 'amzn-s3-demo-bucket/*' }),
      'Policy has invalid resource',
    ],
    [
      'an empty resource list',
      () => statementMessage({ Resource: [] }),
      'Policy has invalid resource',
    ],
    [
      'an object action on the bucket ARN only',
      () => statementMessage({ Resource: BUCKET_ARN }),
      'Action does not apply to any resource(s) in statement (Statement[1], Sid "Second": "s3:GetObject")',
    ],
    [
      'a bucket action on object ARNs only',
      () => statementMessage({ Action: ['s3:GetObject', 's3:ListBucket'] }),
      'Action does not apply to any resource(s) in statement (Statement[1], Sid "Second": "s3:ListBucket")',
    ],
    [
      'an account action on the bucket',
      () => statementMessage({ Action: 's3:ListAllMyBuckets', Resource: BUCKET_ARN }),
      'Action does not apply to any resource(s) in statement',
    ],
    [
      'an unknown condition type',
      () => statementMessage({ Condition: { StringEqualz: { 'aws:SourceVpc': 'v' } } }),
      'Invalid Condition type : StringEqualz (Statement[1], Sid "Second")',
    ],
    [
      'a condition type in the wrong case',
      () => statementMessage({ Condition: { stringequals: { 'aws:SourceVpc': 'v' } } }),
      'Invalid Condition type : stringequals',
    ],
    [
      'IfExists on Null',
      () => statementMessage({ Condition: { NullIfExists: { 'aws:SourceVpc': 'true' } } }),
      'Invalid Condition type : NullIfExists',
    ],
    [
      'a condition key without a service prefix',
      () => statementMessage({ Condition: { StringEquals: { SourceVpc: 'v' } } }),
      'Policy has an invalid condition key (Statement[1], Sid "Second": "SourceVpc")',
    ],
    [
      'a bad date',
      () =>
        statementMessage({
          Condition: { DateGreaterThan: { 'aws:CurrentTime': '2024-02-30T00:00:00Z' } },
        }),
      'Invalid Condition value for operator DateGreaterThan (Statement[1], Sid "Second": {"aws:CurrentTime":"2024-02-30T00:00:00Z"})',
    ],
    [
      'a bad number',
      () => statementMessage({ Condition: { NumericLessThan: { 's3:max-keys': '10 keys' } } }),
      'Invalid Condition value for operator NumericLessThan',
    ],
    [
      'a bad CIDR',
      () => statementMessage({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }),
      'Invalid Condition value for operator IpAddress (Statement[1], Sid "Second": {"aws:SourceIp":"10.0.0.0/33"})',
    ],
    [
      'a bad Bool',
      () => statementMessage({ Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }),
      'Invalid Condition value for operator Bool',
    ],
    [
      'bad base64',
      () => statementMessage({ Condition: { BinaryEquals: { 'aws:x': 'not base64!' } } }),
      'Invalid Condition value for operator BinaryEquals',
    ],
    [
      'a condition value that is an object',
      () => statementMessage({ Condition: { StringEquals: { 'aws:x': { a: 1 } } } }),
      'Invalid policy syntax. (Statement[1], Sid "Second": {"a":1})',
    ],
    [
      'an empty condition value list',
      () => statementMessage({ Condition: { StringEquals: { 'aws:x': [] } } }),
      'Invalid policy syntax.',
    ],
    [
      'two statements with one Sid',
      () => refusal(policyText([GOOD, GOOD])).message,
      'Statement IDs (SID) in a single policy must be unique. (Statement[1], Sid "S")',
    ],
  ];
  for (const [name, message, expected] of cases) {
    it(name, () => {
      expect(message().startsWith(expected)).toBe(true);
      expect(message()).toContain(expected);
    });
  }

  it('a document larger than maxBytes once normalized, with code MalformedPolicy', () => {
    const big = policyText([{ ...GOOD, Sid: 'x'.repeat(MAX_POLICY_BYTES) }]);
    const error = refusal(big);
    expect(error.code).toBe('MalformedPolicy');
    expect(error.reason).toBe(
      'Normalized policy document exceeds the maximum allowed size of 20480 bytes',
    );
    expect(refusal(policyText([GOOD]), 50).reason).toBe(
      'Normalized policy document exceeds the maximum allowed size of 50 bytes',
    );
    expect(() => parsePolicy(big, { bucket: BUCKET, maxBytes: Infinity })).not.toThrow();
  });

  it('exposes the statement index and the bare reason', () => {
    const error = refusal(policyText([GOOD, { ...GOOD, Sid: 'T', Resource: 'arn:aws:s3:::x/*' }]));
    expect(error.statement).toBe(1);
    expect(error.reason).toBe('Policy has invalid resource');
    expect(error.name).toBe('MalformedPolicyError');
  });
});
