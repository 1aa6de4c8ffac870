import type { PolicyDecision } from '../policy-request.js';
import { ANONYMOUS, BUCKET_ARN, objectArn, root, user, type Ask } from './policies.js';

const ALICE = user('111122223333', 'alice');
const BOB = user('111122223333', 'bob');
const MALLORY = user('444455556666', 'mallory');
const ALL = [BUCKET_ARN, `${BUCKET_ARN}/*`];

/** A policy, and requests with the decision each must get. */
export interface Case {
  readonly name: string;
  readonly statements: unknown;
  readonly asks: readonly (readonly [Ask, PolicyDecision])[];
}

/**
 * The examples of "Examples of Amazon S3 bucket policies" (S3 User Guide), each with requests
 * it must allow, deny, or leave to other grants.
 */
export const AWS_EXAMPLES: readonly Case[] = [
  {
    name: 'public read of a prefix',
    statements: [
      {
        Sid: 'PublicRead',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: objectArn('public/*'),
      },
    ],
    asks: [
      [{ resource: objectArn('public/cat.jpg') }, 'allow'],
      [{ resource: objectArn('public/a/b/c.jpg'), action: 'S3:GETOBJECT' }, 'allow'],
      [{ resource: objectArn('private/cat.jpg') }, 'none'],
      [{ resource: objectArn('Public/cat.jpg') }, 'none'],
      [{ resource: objectArn('public/cat.jpg'), action: 's3:PutObject' }, 'none'],
      [{ resource: objectArn('public/cat.jpg'), principal: MALLORY }, 'allow'],
    ],
  },
  {
    name: 'deny requests that do not use TLS (aws:SecureTransport)',
    statements: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` },
      {
        Sid: 'RestrictToTLSRequestsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ALL,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
    asks: [
      [{ context: { 'aws:SecureTransport': 'true' } }, 'allow'],
      [{ context: { 'aws:SecureTransport': 'false' } }, 'deny'],
      [{ context: { 'aws:SecureTransport': 'FALSE' } }, 'deny'],
      // An absent key makes Bool false: the deny does not apply (AWS recommends Null for that).
      [{}, 'allow'],
    ],
  },
  {
    name: 'IP allow list with an IPv6 range and a carved-out subnet',
    statements: [
      {
        Sid: 'IPAllow',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:*',
        Resource: ALL,
        Condition: {
          IpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '2001:DB8:1234:5678::/64'] },
          NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678:ABCD::/80'] },
        },
      },
    ],
    asks: [
      [{ context: { 'aws:SourceIp': '192.0.2.77' } }, 'allow'],
      [{ context: { 'aws:SourceIp': '::ffff:192.0.2.77' } }, 'allow'],
      [{ context: { 'aws:SourceIp': '2001:db8:1234:5678::1' } }, 'allow'],
      [{ context: { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' } }, 'none'],
      [{ context: { 'aws:SourceIp': '198.51.100.1' } }, 'none'],
      [{}, 'none'],
    ],
  },
  {
    name: 'IP deny list (deny everything from outside a range)',
    statements: [
      { Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 's3:*', Resource: ALL },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ALL,
        Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } },
      },
    ],
    asks: [
      [{ principal: ALICE, context: { 'aws:SourceIp': '192.0.2.1' } }, 'allow'],
      [{ principal: ALICE, context: { 'aws:SourceIp': '10.0.0.1' } }, 'deny'],
      // A missing key satisfies a negated operator: the deny applies.
      [{ principal: ALICE }, 'deny'],
      [{ principal: ALICE, context: { 'aws:SourceIp': 'not-an-ip' } }, 'deny'],
    ],
  },
  {
    name: 'cross-account grant with a canned ACL condition',
    statements: [
      {
        Sid: 'AddCannedAcl',
        Effect: 'Allow',
        Principal: { AWS: ['arn:aws:iam::111122223333:root', 'arn:aws:iam::444455556666:root'] },
        Action: ['s3:PutObject', 's3:PutObjectAcl'],
        Resource: `${BUCKET_ARN}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': ['public-read'] } },
      },
    ],
    asks: [
      [
        { principal: MALLORY, action: 's3:PutObject', context: { 's3:x-amz-acl': 'public-read' } },
        'allow',
      ],
      [
        {
          principal: root('444455556666'),
          action: 's3:PutObjectAcl',
          context: { 's3:x-amz-acl': 'public-read' },
        },
        'allow',
      ],
      [
        { principal: MALLORY, action: 's3:PutObject', context: { 's3:x-amz-acl': 'private' } },
        'none',
      ],
      [{ principal: MALLORY, action: 's3:PutObject' }, 'none'],
      [
        {
          principal: user('999988887777', 'eve'),
          action: 's3:PutObject',
          context: { 's3:x-amz-acl': 'public-read' },
        },
        'none',
      ],
      [
        {
          principal: ANONYMOUS,
          action: 's3:PutObject',
          context: { 's3:x-amz-acl': 'public-read' },
        },
        'none',
      ],
    ],
  },
  {
    name: 'require SSE-KMS on uploads (s3:x-amz-server-side-encryption)',
    statements: [
      {
        Effect: 'Allow',
        Principal: { AWS: '111122223333' },
        Action: 's3:PutObject',
        Resource: `${BUCKET_ARN}/*`,
      },
      {
        Sid: 'DenyWrongEncryption',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `${BUCKET_ARN}/*`,
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      },
      {
        Sid: 'DenyNoEncryptionHeader',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `${BUCKET_ARN}/*`,
        Condition: { Null: { 's3:x-amz-server-side-encryption': 'true' } },
      },
    ],
    asks: [
      [
        {
          principal: ALICE,
          action: 's3:PutObject',
          context: { 's3:x-amz-server-side-encryption': 'aws:kms' },
        },
        'allow',
      ],
      [
        {
          principal: ALICE,
          action: 's3:PutObject',
          context: { 's3:x-amz-server-side-encryption': 'AES256' },
        },
        'deny',
      ],
      [{ principal: ALICE, action: 's3:PutObject' }, 'deny'],
      [{ principal: ALICE, action: 's3:GetObject' }, 'none'],
    ],
  },
  {
    name: 'ListBucket restricted by s3:prefix',
    statements: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' },
        Action: 's3:ListBucket',
        Resource: BUCKET_ARN,
        Condition: {
          StringEquals: { 's3:prefix': ['', 'home/', 'home/alice/'], 's3:delimiter': '/' },
        },
      },
    ],
    asks: [
      [
        {
          principal: ALICE,
          action: 's3:ListBucket',
          resource: BUCKET_ARN,
          context: { 's3:prefix': 'home/', 's3:delimiter': '/' },
        },
        'allow',
      ],
      [
        {
          principal: ALICE,
          action: 's3:ListBucket',
          resource: BUCKET_ARN,
          context: { 's3:prefix': '', 's3:delimiter': '/' },
        },
        'allow',
      ],
      [
        {
          principal: ALICE,
          action: 's3:ListBucket',
          resource: BUCKET_ARN,
          context: { 's3:prefix': 'home/bob/', 's3:delimiter': '/' },
        },
        'none',
      ],
      // Both keys must hold (keys ANDed).
      [
        {
          principal: ALICE,
          action: 's3:ListBucket',
          resource: BUCKET_ARN,
          context: { 's3:prefix': 'home/' },
        },
        'none',
      ],
      [
        {
          principal: BOB,
          action: 's3:ListBucket',
          resource: BUCKET_ARN,
          context: { 's3:prefix': 'home/', 's3:delimiter': '/' },
        },
        'none',
      ],
    ],
  },
  {
    name: 'read only objects tagged environment=production (s3:ExistingObjectTag)',
    statements: [
      {
        Effect: 'Allow',
        Principal: { AWS: '444455556666' },
        Action: 's3:GetObject',
        Resource: `${BUCKET_ARN}/*`,
        Condition: { StringEquals: { 's3:ExistingObjectTag/environment': 'production' } },
      },
    ],
    asks: [
      [
        { principal: MALLORY, context: { 's3:existingobjecttag/environment': 'production' } },
        'allow',
      ],
      [{ principal: MALLORY, context: { 's3:ExistingObjectTag/environment': 'staging' } }, 'none'],
      [{ principal: MALLORY }, 'none'],
    ],
  },
  {
    name: 'deny every principal outside an account (aws:PrincipalAccount)',
    statements: [
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` },
      {
        Sid: 'OnlyMyAccount',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: ALL,
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': '111122223333' } },
      },
    ],
    asks: [
      [{ principal: ALICE }, 'allow'],
      [{ principal: MALLORY }, 'deny'],
      // Anonymous requests have no aws:PrincipalAccount: the negated operator holds.
      [{ principal: ANONYMOUS }, 'deny'],
      // The caller's context wins over the value derived from the principal.
      [{ principal: MALLORY, context: { 'aws:PrincipalAccount': '111122223333' } }, 'allow'],
    ],
  },
  {
    name: 'per-user home directories with ${aws:username}',
    statements: [
      {
        Sid: 'ListOwnHome',
        Effect: 'Allow',
        Principal: { AWS: '111122223333' },
        Action: 's3:ListBucket',
        Resource: BUCKET_ARN,
        Condition: {
          StringLike: { 's3:prefix': ['home/${aws:username}/*', 'home/${aws:username}'] },
        },
      },
      {
        Sid: 'ReadWriteOwnHome',
        Effect: 'Allow',
        Principal: { AWS: '111122223333' },
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: `${BUCKET_ARN}/home/\${aws:username}/*`,
      },
    ],
    asks: [
      [{ principal: ALICE, resource: objectArn('home/alice/notes.txt') }, 'allow'],
      [{ principal: BOB, resource: objectArn('home/alice/notes.txt') }, 'none'],
      [{ principal: BOB, action: 's3:PutObject', resource: objectArn('home/bob/x') }, 'allow'],
      [
        {
          principal: ALICE,
          action: 's3:ListBucket',
          resource: BUCKET_ARN,
          context: { 's3:prefix': 'home/alice/photos/' },
        },
        'allow',
      ],
      [
        {
          principal: ALICE,
          action: 's3:ListBucket',
          resource: BUCKET_ARN,
          context: { 's3:prefix': 'home/bob/' },
        },
        'none',
      ],
      // The account root has no aws:username: the variable has no value and matches nothing.
      [{ principal: root('111122223333'), resource: objectArn('home/alice/notes.txt') }, 'none'],
    ],
  },
  {
    name: 'MFA required for deletes (Null and NumericGreaterThan on aws:MultiFactorAuthAge)',
    statements: [
      {
        Effect: 'Allow',
        Principal: { AWS: '111122223333' },
        Action: 's3:DeleteObject',
        Resource: `${BUCKET_ARN}/*`,
      },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:DeleteObject',
        Resource: `${BUCKET_ARN}/*`,
        Condition: { Null: { 'aws:MultiFactorAuthAge': true } },
      },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:DeleteObject',
        Resource: `${BUCKET_ARN}/*`,
        Condition: { NumericGreaterThan: { 'aws:MultiFactorAuthAge': 3600 } },
      },
    ],
    asks: [
      [
        {
          principal: ALICE,
          action: 's3:DeleteObject',
          context: { 'aws:MultiFactorAuthAge': '120' },
        },
        'allow',
      ],
      [
        {
          principal: ALICE,
          action: 's3:DeleteObject',
          context: { 'aws:MultiFactorAuthAge': '7200' },
        },
        'deny',
      ],
      [{ principal: ALICE, action: 's3:DeleteObject' }, 'deny'],
    ],
  },
];
