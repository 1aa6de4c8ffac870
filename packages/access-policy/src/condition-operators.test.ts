import { describe, expect, it } from 'vitest';
import { compile, decide } from './testing/policies.js';

type Value = string | readonly string[] | undefined;

/** Whether a statement whose only condition is `{ [type]: { [key]: values } }` applies. */
function holds(type: string, values: unknown, actual: Value, key = 'aws:test'): boolean {
  const policy = compile([
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*',
      Condition: { [type]: { [key]: values } },
    },
  ]);
  return decide(policy, { context: actual === undefined ? {} : { [key]: actual } }) === 'allow';
}

/** [condition type, policy values, request value (undefined: key absent), holds]. */
type Row = readonly [string, unknown, Value, boolean];

const table = (rows: readonly Row[]) => {
  for (const [type, values, actual, expected] of rows) {
    it(`${type} ${JSON.stringify(values)} with ${JSON.stringify(actual) ?? 'no key'} → ${expected}`, () => {
      expect(holds(type, values, actual)).toBe(expected);
    });
  }
};

describe('string operators', () => {
  table([
    ['StringEquals', 'abc', 'abc', true],
    ['StringEquals', 'abc', 'ABC', false],
    ['StringEquals', ['x', 'abc'], 'abc', true],
    ['StringEquals', 'a*', 'abc', false],
    ['StringEquals', 'abc', undefined, false],
    ['StringNotEquals', 'abc', 'abd', true],
    ['StringNotEquals', ['x', 'abc'], 'abc', false],
    ['StringNotEquals', 'abc', undefined, true],
    ['StringEqualsIgnoreCase', 'AbC', 'aBc', true],
    ['StringNotEqualsIgnoreCase', 'AbC', 'aBc', false],
    ['StringNotEqualsIgnoreCase', 'AbC', undefined, true],
    ['StringLike', 'home/*/docs', 'home/alice/x/docs', true],
    ['StringLike', 'file-?.txt', 'file-1.txt', true],
    ['StringLike', 'file-?.txt', 'file-12.txt', false],
    ['StringLike', 'abc*', 'ABCD', false],
    ['StringLike', 'abc*', undefined, false],
    ['StringNotLike', ['*.exe', '*.bat'], 'run.bat', false],
    ['StringNotLike', ['*.exe', '*.bat'], 'photo.jpg', true],
    ['StringNotLike', '*.exe', undefined, true],
    ['StringEquals', 10, '10', true],
    ['StringEquals', true, 'true', true],
  ]);
});

describe('numeric operators', () => {
  table([
    ['NumericEquals', '10', '10', true],
    ['NumericEquals', 10, '10.0', true],
    ['NumericEquals', '10', 'ten', false],
    ['NumericNotEquals', '10', '11', true],
    ['NumericNotEquals', '10', '10', false],
    ['NumericNotEquals', '10', undefined, true],
    ['NumericLessThan', '10', '9.5', true],
    ['NumericLessThan', '10', '10', false],
    ['NumericLessThanEquals', '10', '10', true],
    ['NumericGreaterThan', '10', '11', true],
    ['NumericGreaterThan', '10', '-11', false],
    ['NumericGreaterThanEquals', ['100', '10'], '10', true],
    ['NumericGreaterThan', '10', undefined, false],
  ]);
});

describe('date operators (ISO 8601 or epoch seconds on either side)', () => {
  table([
    ['DateEquals', '2024-01-31T12:00:00Z', '2024-01-31T12:00:00Z', true],
    ['DateEquals', '2024-01-31T12:00:00Z', '1706702400', true],
    ['DateEquals', 1706702400, '2024-01-31T13:00:00+01:00', true],
    ['DateEquals', '2024-01-31', '2024-01-31T00:00:00.000Z', true],
    ['DateNotEquals', '2024-01-31', '2024-02-01', true],
    ['DateNotEquals', '2024-01-31', undefined, true],
    ['DateLessThan', '2024-01-31T00:00:00Z', '2023-12-31T23:59:59Z', true],
    ['DateLessThan', '2024-01-31T00:00:00Z', '2024-01-31T00:00:00Z', false],
    ['DateLessThanEquals', '2024-01-31T00:00:00Z', '2024-01-31T00:00:00Z', true],
    ['DateGreaterThan', '2024-01-31T00:00:00Z', '2024-01-31T00:00:01Z', true],
    ['DateGreaterThanEquals', '2024-01-31T00:00:00Z', '2024-01-30T00:00:00Z', false],
    ['DateGreaterThan', '2024-01-31T00:00:00Z', 'yesterday', false],
    ['DateGreaterThan', '2024-01-31T00:00:00Z', undefined, false],
  ]);
});

describe('Bool, BinaryEquals, Null', () => {
  table([
    ['Bool', 'true', 'true', true],
    ['Bool', true, 'TRUE', true],
    ['Bool', 'false', 'true', false],
    ['Bool', 'true', undefined, false],
    ['BinaryEquals', 'QmluYXJ5VmFsdWU=', 'QmluYXJ5VmFsdWU=', true],
    ['BinaryEquals', 'QmluYXJ5VmFsdWU=', 'T3RoZXI=', false],
    ['BinaryEquals', 'QmluYXJ5VmFsdWU=', undefined, false],
    ['Null', 'true', undefined, true],
    ['Null', 'true', 'x', false],
    ['Null', 'true', [], true],
    ['Null', 'false', 'x', true],
    ['Null', false, undefined, false],
  ]);
});

describe('IpAddress, NotIpAddress', () => {
  table([
    ['IpAddress', '203.0.113.0/24', '203.0.113.200', true],
    ['IpAddress', '203.0.113.0/24', '203.0.114.1', false],
    ['IpAddress', '203.0.113.7', '203.0.113.7', true],
    ['IpAddress', '203.0.113.0/24', '::ffff:203.0.113.9', true],
    ['IpAddress', '::ffff:203.0.113.0/120', '203.0.113.9', true],
    ['IpAddress', '2001:db8::/32', '2001:0DB8:ffff::1', true],
    ['IpAddress', '2001:db8::/32', '2001:db9::1', false],
    ['IpAddress', '0.0.0.0/0', '2001:db8::1', false],
    ['IpAddress', '::/0', '198.51.100.1', true],
    ['IpAddress', '203.0.113.0/24', undefined, false],
    ['NotIpAddress', '203.0.113.0/24', '198.51.100.1', true],
    ['NotIpAddress', '203.0.113.0/24', '203.0.113.1', false],
    ['NotIpAddress', '203.0.113.0/24', undefined, true],
  ]);
});

describe('ARN operators (each of the six components matched on its own)', () => {
  table([
    [
      'ArnEquals',
      'arn:aws:sns:us-east-1:123456789012:topic',
      'arn:aws:sns:us-east-1:123456789012:topic',
      true,
    ],
    [
      'ArnLike',
      'arn:aws:cloudtrail:*:111122223333:trail/*',
      'arn:aws:cloudtrail:us-east-2:111122223333:trail/main',
      true,
    ],
    [
      'ArnLike',
      'arn:aws:cloudtrail:*:111122223333:trail/*',
      'arn:aws:cloudtrail:us-east-2:444455556666:trail/main',
      false,
    ],
    // `*` does not reach across a colon: the account component must match on its own.
    ['ArnLike', 'arn:aws:s3:*:111122223333', 'arn:aws:s3:eu:x:111122223333', false],
    ['ArnLike', 'arn:aws:iam::*:role/a:b', 'arn:aws:iam::111122223333:role/a:b', true],
    ['ArnLike', 'arn:aws:iam::*:role/*', 'not-an-arn', false],
    ['ArnEquals', 'arn:aws:iam::111122223333:root', undefined, false],
    ['ArnNotLike', 'arn:aws:iam::111122223333:*', 'arn:aws:iam::444455556666:root', true],
    ['ArnNotEquals', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:root', false],
    ['ArnNotLike', 'arn:aws:iam::111122223333:*', undefined, true],
  ]);
});

describe('…IfExists', () => {
  table([
    ['StringEqualsIfExists', 'abc', undefined, true],
    ['StringEqualsIfExists', 'abc', 'abd', false],
    ['NumericLessThanIfExists', '10', undefined, true],
    ['NumericLessThanIfExists', '10', '20', false],
    ['IpAddressIfExists', '10.0.0.0/8', undefined, true],
    ['ArnLikeIfExists', 'arn:aws:iam::*:root', undefined, true],
    ['DateLessThanIfExists', '2024-01-01', '2023-01-01', true],
    ['BoolIfExists', 'true', 'false', false],
  ]);
});

describe('ForAnyValue / ForAllValues with multi-valued keys', () => {
  table([
    ['ForAnyValue:StringEquals', ['a', 'b'], ['x', 'b'], true],
    ['ForAnyValue:StringEquals', ['a', 'b'], ['x', 'y'], false],
    ['ForAnyValue:StringEquals', ['a', 'b'], [], false],
    ['ForAnyValue:StringEquals', ['a', 'b'], undefined, false],
    ['ForAnyValue:StringNotEquals', ['a', 'b'], ['a', 'z'], true],
    ['ForAnyValue:StringNotEquals', ['a', 'b'], ['a', 'b'], false],
    ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'b', 'a'], true],
    ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'c'], false],
    ['ForAllValues:StringEquals', ['a', 'b'], [], true],
    ['ForAllValues:StringEquals', ['a', 'b'], undefined, true],
    ['ForAllValues:StringNotLike', ['secret*'], ['public', 'shared'], true],
    ['ForAllValues:StringNotLike', ['secret*'], ['public', 'secret-x'], false],
    ['ForAllValues:StringLikeIfExists', ['a*'], undefined, true],
    ['ForAnyValue:StringLikeIfExists', ['a*'], undefined, true],
    ['ForAnyValue:IpAddress', ['10.0.0.0/8'], ['192.0.2.1', '10.1.2.3'], true],
    // Without a set operator a multi-valued key holds when any value does (negated: none).
    ['StringEquals', ['a'], ['x', 'a'], true],
    ['StringNotEquals', ['a'], ['x', 'a'], false],
    ['StringNotEquals', ['a'], ['x', 'y'], true],
  ]);
});

describe('combining', () => {
  it('ANDs keys and operators, ORs values', () => {
    const policy = compile([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::amzn-s3-demo-bucket/*',
        Condition: {
          StringEquals: { 'aws:a': ['1', '2'], 'aws:b': '3' },
          NumericLessThan: { 'aws:c': '5' },
        },
      },
    ]);
    expect(decide(policy, { context: { 'aws:a': '2', 'aws:b': '3', 'aws:c': '4' } })).toBe('allow');
    expect(decide(policy, { context: { 'aws:a': '2', 'aws:b': '3', 'aws:c': '6' } })).toBe('none');
    expect(decide(policy, { context: { 'aws:a': '9', 'aws:b': '3', 'aws:c': '4' } })).toBe('none');
    expect(decide(policy, { context: { 'aws:A': '1', 'AWS:B': '3', 'aws:c': '0' } })).toBe('allow');
  });
  it('reads condition key names without regard to case', () => {
    expect(holds('StringEquals', 'v', 'v', 'AWS:SourceVPC')).toBe(true);
  });
  it('puts policy variables into condition values', () => {
    expect(holds('StringEquals', '${aws:PrincipalType}', 'Anonymous')).toBe(true);
    expect(holds('StringLike', 'home/${aws:username}/*', 'home/x/y')).toBe(false);
    expect(holds('StringNotEquals', '${aws:username}', 'x')).toBe(true);
  });
});
