/** A condition block: operator → key → value(s), as IAM writes it. */
export type PolicyCondition = Readonly<
  Record<string, Readonly<Record<string, string | readonly string[]>>>
>;

/** One statement of {@link BenchPolicy}, in the JSON shape PutBucketPolicy takes. */
export type PolicyStatement = {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal: '*' | { readonly AWS: string | readonly string[] };
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: PolicyCondition;
};

/** A bucket policy document. */
export type BenchPolicy = {
  readonly Version: '2012-10-17';
  readonly Id: string;
  readonly Statement: readonly PolicyStatement[];
};

/** How many statements {@link createBenchPolicy} writes: the "20-statement policy". */
export const BENCH_POLICY_STATEMENTS = 20;

/**
 * The `strata-policy` target's bucket policy on `bucket`: 20 statements of the kinds a real
 * bucket collects, every resource `arn:aws:s3:::<bucket>` or an object path in it.
 *
 * - 10 Deny to everyone: 7 whose action and resource match the bench's own requests, so each
 *   of its requests evaluates their conditions (a GET, HEAD or DELETE: source IP outside
 *   private and loopback networks, a signature other than SigV4, a scanner User-Agent; a PUT
 *   also a wrong encryption header, a public ACL, a presigned write, an unknown tag key; a
 *   DELETE also a presigned write), and 3 on an action or a prefix the bench never uses
 *   (governance bypass, deletes under `records/`, reads of `quarantine/`).
 * - 10 Allow to other accounts (12-digit ids, root ARNs, user ARNs): prefixes shared with a
 *   partner, home directories by `${aws:username}`, a backup account, replication, uploads
 *   pinned to an office network, reads by Referer, an auditor between two dates.
 *
 * None of it matches the bench's requests: the owner's key is allowed by its own rights, and
 * nothing is denied to it. No Allow names everyone, so the policy is not public and
 * BlockPublicPolicy (on for every new bucket) accepts it. No condition reads
 * `s3:ExistingObjectTag/<key>` on purpose: that one makes the gateway read the object's tags
 * on every request, a different (and much larger) cost than evaluating a policy.
 */
export function createBenchPolicy(bucket: string): BenchPolicy {
  const b = `arn:aws:s3:::${bucket}`;
  const all = [b, `${b}/*`];
  const deny = (
    Sid: string,
    Action: string | readonly string[],
    Resource: string | readonly string[],
    Condition?: PolicyCondition,
  ): PolicyStatement => ({
    Sid,
    Effect: 'Deny',
    Principal: '*',
    Action,
    Resource,
    ...(Condition ? { Condition } : {}),
  });
  const allow = (
    Sid: string,
    AWS: string | readonly string[],
    Action: string | readonly string[],
    Resource: string | readonly string[],
    Condition?: PolicyCondition,
  ): PolicyStatement => ({
    Sid,
    Effect: 'Allow',
    Principal: { AWS },
    Action,
    Resource,
    ...(Condition ? { Condition } : {}),
  });
  return {
    Version: '2012-10-17',
    Id: `strata-bench-${bucket}`,
    Statement: [
      deny('DenyOutsideTrustedNetworks', 's3:*', all, {
        NotIpAddress: {
          'aws:SourceIp': [
            '10.0.0.0/8',
            '172.16.0.0/12',
            '192.168.0.0/16',
            '127.0.0.0/8',
            '::1/128',
          ],
        },
      }),
      deny('DenyOlderSignatures', 's3:*', all, {
        StringNotEquals: { 's3:signatureversion': 'AWS4-HMAC-SHA256' },
      }),
      deny('DenyScannerUserAgents', 's3:*', all, {
        StringLike: { 'aws:UserAgent': ['*sqlmap*', '*nikto*', '*masscan*'] },
      }),
      // The header is optional; when it is sent it must name SSE-S3 or SSE-KMS.
      deny('DenyWrongEncryptionHeader', 's3:PutObject', `${b}/*`, {
        Null: { 's3:x-amz-server-side-encryption': 'false' },
        StringNotEquals: { 's3:x-amz-server-side-encryption': ['AES256', 'aws:kms'] },
      }),
      deny('DenyPublicObjectAcls', ['s3:PutObject', 's3:PutObjectAcl'], `${b}/*`, {
        StringEquals: {
          's3:x-amz-acl': ['public-read', 'public-read-write', 'authenticated-read'],
        },
      }),
      deny('DenyPresignedWrites', ['s3:PutObject', 's3:DeleteObject'], `${b}/*`, {
        StringEquals: { 's3:authType': 'REST-QUERY-STRING' },
      }),
      deny('DenyUnknownTagKeys', 's3:PutObject', `${b}/*`, {
        'ForAnyValue:StringNotLike': {
          's3:RequestObjectTagKeys': ['team', 'project', 'cost-center'],
        },
      }),
      deny('DenyGovernanceBypass', 's3:BypassGovernanceRetention', `${b}/*`),
      deny(
        'DenyRecordDeletes',
        ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectRetention'],
        `${b}/records/*`,
      ),
      deny('DenyQuarantineReads', ['s3:GetObject', 's3:GetObjectVersion'], `${b}/quarantine/*`),
      allow(
        'PartnerReadsShared',
        '111122223333',
        ['s3:GetObject', 's3:GetObjectVersion'],
        `${b}/shared/*`,
      ),
      allow('PartnerListsShared', '111122223333', 's3:ListBucket', b, {
        StringLike: { 's3:prefix': ['shared/', 'shared/*'] },
      }),
      allow('PartnerUploadsEncrypted', '111122223333', 's3:PutObject', `${b}/shared/incoming/*`, {
        StringEquals: {
          's3:x-amz-server-side-encryption': 'AES256',
          's3:x-amz-acl': 'bucket-owner-full-control',
        },
      }),
      allow(
        'TeamHomeDirectories',
        'arn:aws:iam::777788889999:root',
        ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        `${b}/home/\${aws:username}/*`,
      ),
      allow('TeamListsOwnHome', '777788889999', 's3:ListBucket', b, {
        StringLike: { 's3:prefix': ['home/${aws:username}/', 'home/${aws:username}/*'] },
      }),
      allow(
        'BackupAccountReads',
        'arn:aws:iam::210987654321:root',
        [
          's3:GetObject',
          's3:GetObjectVersion',
          's3:GetObjectTagging',
          's3:ListBucket',
          's3:ListBucketVersions',
        ],
        all,
      ),
      allow(
        'ReplicationFromSource',
        'arn:aws:iam::210987654321:user/replication',
        ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        `${b}/*`,
      ),
      allow(
        'EtlUploadsFromOffice',
        ['arn:aws:iam::444455556666:user/etl', 'arn:aws:iam::444455556666:user/etl-backfill'],
        ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
        `${b}/incoming/*`,
        { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
      ),
      allow('CdnReadsStatic', '123456789012', 's3:GetObject', `${b}/static/*`, {
        StringLike: { 'aws:Referer': ['https://www.example.com/*', 'https://example.com/*'] },
      }),
      allow(
        'AuditorReadsDuring2025To2029',
        '135792468024',
        ['s3:GetObject', 's3:GetObjectAcl', 's3:ListBucket', 's3:GetBucketAcl'],
        all,
        {
          DateGreaterThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' },
          DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
        },
      ),
    ],
  };
}
