import { describe, expect, it } from 'vitest';
import { isPublicPolicy } from './is-public-policy.js';
import { BUCKET_ARN, compile } from './testing/policies.js';

const OBJECTS = `${BUCKET_ARN}/*`;
const statement = (extra: Record<string, unknown>) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: OBJECTS,
  ...extra,
});

// [what, statements, public]: the rules of "The meaning of 'public'" (S3 User Guide).
const CASES: readonly (readonly [string, unknown, boolean])[] = [
  ['Allow to "*" without conditions', [statement({})], true],
  ['Allow to {"AWS": "*"}', [statement({ Principal: { AWS: '*' } })], true],
  [
    'Allow to "*" among named accounts',
    [statement({ Principal: { AWS: ['111122223333', '*'] } })],
    true,
  ],
  ['Allow to a fixed account', [statement({ Principal: { AWS: '111122223333' } })], false],
  [
    'Allow to a user and a canonical id',
    [
      statement({
        Principal: { AWS: 'arn:aws:iam::111122223333:user/a', CanonicalUser: 'ab'.repeat(32) },
      }),
    ],
    false,
  ],
  [
    'Allow to a service principal',
    [statement({ Principal: { Service: 'cloudfront.amazonaws.com' } })],
    false,
  ],
  ['Deny to "*"', [statement({ Effect: 'Deny' })], false],
  [
    'Allow through NotPrincipal',
    [statement({ Principal: undefined, NotPrincipal: { AWS: '111122223333' } })],
    true,
  ],
  [
    '"*" confined to a fixed VPC',
    [statement({ Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-91237329' } } })],
    false,
  ],
  [
    '"*" with a wildcard VPC (AWS example)',
    [statement({ Condition: { StringLike: { 'aws:SourceVpc': 'vpc-*' } } })],
    true,
  ],
  [
    '"*" confined to a fixed VPC endpoint',
    [statement({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } })],
    false,
  ],
  [
    '"*" confined to a fixed source ARN',
    [
      statement({
        Condition: {
          ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudfront::111122223333:distribution/E1' },
        },
      }),
    ],
    false,
  ],
  [
    '"*" confined to a source ARN with a wildcard',
    [
      statement({
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::*:distribution/*' } },
      }),
    ],
    true,
  ],
  [
    '"*" confined to a fixed source account',
    [statement({ Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } })],
    false,
  ],
  [
    '"*" confined to a fixed source owner',
    [statement({ Condition: { StringEquals: { 'aws:SourceOwner': '111122223333' } } })],
    false,
  ],
  [
    '"*" confined to a fixed principal account',
    [statement({ Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } })],
    false,
  ],
  [
    '"*" confined to a fixed organization',
    [statement({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } })],
    false,
  ],
  [
    '"*" confined to a fixed principal ARN',
    [
      statement({
        Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/a' } },
      }),
    ],
    false,
  ],
  [
    '"*" confined to a fixed aws:userid',
    [statement({ Condition: { StringEquals: { 'aws:userid': 'AIDAEXAMPLE' } } })],
    false,
  ],
  [
    '"*" with aws:userid in the AROLEID:* pattern',
    [statement({ Condition: { StringLike: { 'aws:userid': 'AROAEXAMPLE:*' } } })],
    true,
  ],
  [
    '"*" confined to a data access point account',
    [statement({ Condition: { StringEquals: { 's3:DataAccessPointAccount': '111122223333' } } })],
    false,
  ],
  [
    '"*" confined by a policy variable',
    [
      statement({
        Condition: { StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } },
      }),
    ],
    true,
  ],
  [
    '"*" confined with a negated operator',
    [statement({ Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-91237329' } } })],
    true,
  ],
  [
    '"*" confined with …IfExists',
    [statement({ Condition: { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-91237329' } } })],
    true,
  ],
  [
    '"*" confined with ForAllValues:',
    [
      statement({
        Condition: { 'ForAllValues:StringEquals': { 'aws:SourceVpc': 'vpc-91237329' } },
      }),
    ],
    true,
  ],
  [
    '"*" confined with ForAnyValue:',
    [statement({ Condition: { 'ForAnyValue:StringEquals': { 'aws:SourceVpc': 'vpc-91237329' } } })],
    false,
  ],
  [
    '"*" confined by a key S3 does not count',
    [statement({ Condition: { StringEquals: { 'aws:Referer': 'https://example.com/' } } })],
    true,
  ],
  [
    '"*" with aws:SourceIp 192.0.2.0/24',
    [statement({ Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })],
    false,
  ],
  [
    '"*" with aws:SourceIp 10.0.0.0/8',
    [statement({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })],
    false,
  ],
  [
    '"*" with aws:SourceIp 0.0.0.0/1 (AWS example)',
    [statement({ Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/1' } } })],
    true,
  ],
  [
    '"*" with aws:SourceIp 10.0.0.0/7',
    [statement({ Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/7' } } })],
    true,
  ],
  [
    '"*" with one narrow and one broad block',
    [statement({ Condition: { IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '0.0.0.0/0'] } } })],
    true,
  ],
  [
    '"*" with aws:SourceIp 2001:db8::/32',
    [statement({ Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } })],
    false,
  ],
  [
    '"*" with aws:SourceIp 2001:db8::/31',
    [statement({ Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/31' } } })],
    true,
  ],
  [
    '"*" with IPv4-mapped ::ffff:0:0/96 (every IPv4 host)',
    [statement({ Condition: { IpAddress: { 'aws:SourceIp': '::ffff:0:0/96' } } })],
    true,
  ],
  [
    '"*" with NotIpAddress',
    [statement({ Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })],
    true,
  ],
  [
    'one public statement among private ones',
    [statement({ Principal: { AWS: '111122223333' } }), statement({ Sid: 'Pub' })],
    true,
  ],
];

describe('isPublicPolicy', () => {
  for (const [name, statements, expected] of CASES) {
    it(`${name} → ${expected ? 'public' : 'not public'}`, () => {
      expect(isPublicPolicy(compile(statements))).toBe(expected);
    });
  }
});
