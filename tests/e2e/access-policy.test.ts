/**
 * Bucket policies, the public access block and anonymous access, end to end: three `strata`
 * instances on one PostgreSQL schema and one fs objects directory, announcing policy changes to
 * each other over Redis, with two tenants (acme, account 111111111111; globex, 222222222222).
 * Real clients: the AWS SDK v3 (one tenant sharing a bucket with the other), the AWS CLI v2
 * (policy and public access block administration), and curl and boto3 without credentials
 * (a published prefix).
 *
 * A change made on one instance must be seen by the others within {@link PROPAGATION_MS}: far
 * less than the access cache's 30 s, so only the Redis announcement can make it in time.
 *
 * PostgreSQL and Redis are required: when either is unreachable this suite fails (in CI and out
 * of it), it never skips. One schema per run, dropped afterwards.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AWS_CLI, runAws, type AwsCliResult } from './support/aws-cli.js';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  DeletePublicAccessBlockCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from './support/aws-sdk.js';
import { createCompatRecorder } from './support/compat-matrix.js';
import { useGatewayCluster } from './support/gateway-cluster.js';
import { runClient } from './support/run-client.js';
import { catchS3Error, createTestS3Client, uniqueBucketName } from './support/s3-client.js';
import { probePostgresAndRedis } from './support/services.js';
import { seededBytes, sha256 } from './support/test-data.js';

const CURL = '/usr/bin/curl';
const BOTO3_SCRIPT = fileURLToPath(new URL('./clients/boto3_anonymous.py', import.meta.url));

/** How soon another instance must see a policy change (its cache would keep it 30 s). */
const PROPAGATION_MS = 3_000;

const ACME = {
  account: '111111111111',
  accessKeyId: 'ACMEKEY0000000000001',
  secretAccessKey: 'acme-secret-0123456789',
} as const;
const GLOBEX = {
  account: '222222222222',
  accessKeyId: 'GLOBEXKEY00000000001',
  secretAccessKey: 'globex-secret-0123456',
} as const;

const recorder = createCompatRecorder('access-policy');
/** The matrix capability of a test: its name up to the first `:`. */
const capabilityOf = (test: string) => test.split(':')[0]!.trim();

/** A policy document (`Version` 2012-10-17) with `statements`. */
function policyOf(...statements: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

/** A `tenants:` entry of strata.yaml: `tenant`'s account, with its one key pair for `user`. */
const tenantYaml = (name: string, tenant: typeof ACME | typeof GLOBEX, user: string) => [
  `  - name: ${name}`,
  `    account_id: "${tenant.account}"`,
  '    credentials:',
  `      - access_key_id: ${tenant.accessKeyId}`,
  `        secret_access_key: ${tenant.secretAccessKey}`,
  `        user: ${user}`,
];

/** Anyone, signed or not, may GetObject under `public/` of `bucket`. */
const publicReadPolicy = (bucket: string) =>
  policyOf({
    Sid: 'PublicRead',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${bucket}/public/*`,
  });

/** What a GetObject returned: the bytes' digest, or the S3 error. */
type ReadOutcome = { status: 200; sha256: string } | { status: number | undefined; code: string };

async function readObject(client: S3Client, bucket: string, key: string): Promise<ReadOutcome> {
  try {
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return { status: 200, sha256: sha256(await got.Body!.transformToByteArray()) };
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.$metadata === undefined) throw error;
    return { status: e.$metadata.httpStatusCode, code: String(e.name) };
  }
}

const ACCESS_DENIED = { status: 403, code: 'AccessDenied' } as const;

/** Retries `assertion` every 100 ms until it passes or {@link PROPAGATION_MS} have gone by. */
const withinPropagation = (assertion: () => Promise<void>) =>
  vi.waitFor(assertion, { timeout: PROPAGATION_MS, interval: 100 });

// A test of its own, outside the suite below: when a service is down it counts as a failed test
// (the suite's tests, whose hooks then fail too, are only reported as not run).
it(
  'PostgreSQL and Redis answer (the access policy suite needs both, and fails without them)',
  probePostgresAndRedis,
);

describe('bucket policies on three gateways sharing PostgreSQL, Redis and an objects dir', () => {
  const cluster = useGatewayCluster({
    count: 3,
    name: 'access',
    configYaml: [
      'tenants:',
      ...tenantYaml('acme', ACME, 'alice'),
      ...tenantYaml('globex', GLOBEX, 'bob'),
      '',
    ].join('\n'),
  });
  /** One client per gateway for each tenant: `acme[i]` talks to gateway i + 1. */
  const acme: S3Client[] = [];
  const globex: S3Client[] = [];

  beforeAll(() => {
    for (const endpoint of cluster().endpoints) {
      acme.push(createTestS3Client({ endpoint, credentials: ACME }));
      globex.push(createTestS3Client({ endpoint, credentials: GLOBEX }));
    }
  });
  afterAll(() => {
    for (const client of [...acme, ...globex]) client.destroy();
  });

  /** Runs the AWS CLI as acme against gateway `n` (1-based). */
  const cli = (n: number, args: readonly string[]): Promise<AwsCliResult> =>
    runAws(
      {
        endpoint: cluster().endpoints[n - 1]!,
        home: cluster().root,
        accessKeyId: ACME.accessKeyId,
        secretAccessKey: ACME.secretAccessKey,
      },
      args,
    );
  /** Like {@link cli} but expects exit 0 and parses the output as JSON (`{}` when empty). */
  const cliJson = async (n: number, args: readonly string[]): Promise<Record<string, unknown>> => {
    const run = await cli(n, args);
    if (run.code !== 0) {
      throw new Error(`aws ${args.join(' ')} exited ${run.code}: ${run.stderr.trim()}`);
    }
    return run.stdout.trim() === '' ? {} : (JSON.parse(run.stdout) as Record<string, unknown>);
  };
  /** Writes `policy` to a file and runs put-bucket-policy with `file://` on gateway `n`. */
  const putPolicyWithCli = async (
    n: number,
    bucket: string,
    policy: string,
    extra: readonly string[] = [],
  ) => {
    const file = join(cluster().root, `${bucket}-policy.json`);
    await writeFile(file, policy);
    const args = ['s3api', 'put-bucket-policy', '--bucket', bucket, '--policy', `file://${file}`];
    return cli(n, [...args, ...extra]);
  };

  /** An unsigned `curl -s -o - -w '%{http_code}'` of `path` on gateway `n`. */
  const anonymousCurl = async (n: number, path: string, method = 'GET') => {
    const url = `${cluster().endpoints[n - 1]!}${path}`;
    const run = await runClient(CURL, ['-s', '-X', method, '-o', '-', '-w', '%{http_code}', url], {
      cwd: cluster().root,
    });
    if (run.code !== 0) throw new Error(`curl ${path} exited ${run.code}: ${run.stderr}`);
    const out = run.stdoutBytes;
    return {
      status: Number(out.subarray(-3).toString('ascii')),
      body: out.subarray(0, -3),
    };
  };

  describe('AWS SDK v3, one tenant sharing a bucket with another', () => {
    recorder.track('AWS SDK v3 (path style, WHEN_SUPPORTED)', 'http', capabilityOf);
    beforeAll(() => {
      recorder.version(
        'AWS SDK v3',
        `@aws-sdk/client-s3 ${(createRequire(import.meta.url)('@aws-sdk/client-s3/package.json') as { version: string }).version}`,
      );
    });

    it('bucket policy: a grant to another account lets it read and list on every instance, never write; deleting the grant on another instance refuses it again', async () => {
      const bucket = uniqueBucketName('share');
      const objects = {
        'reports/q1.csv': seededBytes('share-q1', 4_321),
        'reports/q2.csv': seededBytes('share-q2', 70_000),
      };
      await acme[0]!.send(new CreateBucketCommand({ Bucket: bucket }));
      for (const [key, body] of Object.entries(objects)) {
        await acme[0]!.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      }
      const q1 = { status: 200, sha256: sha256(objects['reports/q1.csv']) };

      // Before any policy, globex's keys reach nothing of acme's; gateways 2 and 3 now cache
      // the bucket (owner, no policy) for 30 s.
      expect(await readObject(globex[1]!, bucket, 'reports/q1.csv')).toEqual(ACCESS_DENIED);
      expect(await readObject(globex[2]!, bucket, 'reports/q1.csv')).toEqual(ACCESS_DENIED);
      expect(
        await catchS3Error(globex[1]!.send(new ListObjectsV2Command({ Bucket: bucket }))),
      ).toMatchObject({ name: 'AccessDenied', status: 403 });

      const policy = policyOf(
        {
          Sid: 'GlobexReads',
          Effect: 'Allow',
          Principal: { AWS: GLOBEX.account },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
        },
        {
          Sid: 'GlobexLists',
          Effect: 'Allow',
          Principal: { AWS: GLOBEX.account },
          Action: 's3:ListBucket',
          Resource: `arn:aws:s3:::${bucket}`,
        },
      );
      const put = await acme[0]!.send(
        new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }),
      );
      expect(put.$metadata.httpStatusCode).toBe(204);

      // Gateways 2 and 3 learn of the new policy from Redis, long before their cache expires.
      await withinPropagation(async () => {
        expect(await readObject(globex[1]!, bucket, 'reports/q1.csv')).toEqual(q1);
        expect(await readObject(globex[2]!, bucket, 'reports/q1.csv')).toEqual(q1);
      });
      expect(await readObject(globex[2]!, bucket, 'reports/q2.csv')).toEqual({
        status: 200,
        sha256: sha256(objects['reports/q2.csv']),
      });
      const listed = await globex[1]!.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'reports/' }),
      );
      expect(listed.Contents?.map((o) => [o.Key, o.Size])).toEqual([
        ['reports/q1.csv', 4_321],
        ['reports/q2.csv', 70_000],
      ]);

      // Read-only: globex cannot overwrite, add, or see or remove the policy itself.
      const overwrite = new PutObjectCommand({
        Bucket: bucket,
        Key: 'reports/q1.csv',
        Body: 'globex was here',
      });
      expect(await catchS3Error(globex[1]!.send(overwrite))).toMatchObject({
        name: 'AccessDenied',
        status: 403,
      });
      const add = new PutObjectCommand({ Bucket: bucket, Key: 'reports/q3.csv', Body: 'new' });
      expect(await catchS3Error(globex[2]!.send(add))).toMatchObject({
        name: 'AccessDenied',
        status: 403,
      });
      expect(
        await catchS3Error(globex[1]!.send(new GetBucketPolicyCommand({ Bucket: bucket }))),
      ).toMatchObject({ name: 'AccessDenied', status: 403 });
      expect(
        await catchS3Error(globex[1]!.send(new DeleteBucketPolicyCommand({ Bucket: bucket }))),
      ).toMatchObject({ name: 'AccessDenied', status: 403 });
      // What is stored is acme's, unchanged: same bytes, no new key, the same policy.
      expect(await readObject(acme[2]!, bucket, 'reports/q1.csv')).toEqual(q1);
      expect(
        await catchS3Error(
          acme[0]!.send(new HeadObjectCommand({ Bucket: bucket, Key: 'reports/q3.csv' })),
        ),
      ).toMatchObject({ name: 'NotFound', status: 404 });
      const stored = await acme[1]!.send(new GetBucketPolicyCommand({ Bucket: bucket }));
      expect(JSON.parse(stored.Policy!)).toEqual(JSON.parse(policy));

      // Gateway 1 caches the policy; it is deleted on gateway 3; gateway 1 refuses again.
      expect(await readObject(globex[0]!, bucket, 'reports/q1.csv')).toEqual(q1);
      const deleted = await acme[2]!.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
      expect(deleted.$metadata.httpStatusCode).toBe(204);
      await withinPropagation(async () => {
        expect(await readObject(globex[0]!, bucket, 'reports/q1.csv')).toEqual(ACCESS_DENIED);
        expect(await readObject(globex[1]!, bucket, 'reports/q1.csv')).toEqual(ACCESS_DENIED);
      });
      expect(
        await catchS3Error(acme[0]!.send(new GetBucketPolicyCommand({ Bucket: bucket }))),
      ).toMatchObject({ name: 'NoSuchBucketPolicy', status: 404 });
    });
  });

  describe('AWS CLI v2, administering a bucket policy', () => {
    recorder.track('AWS CLI v2', 'http', capabilityOf);
    beforeAll(async () => {
      const version = await cli(1, ['--version']);
      recorder.version('AWS CLI v2', `${AWS_CLI}: ${version.stdout.trim().split(' ')[0]!}`);
    });

    it('bucket policy: a public policy is refused under the default public access block, accepted once it is deleted; get, status and delete', async () => {
      const bucket = uniqueBucketName('cli-policy');
      await cliJson(1, ['s3api', 'create-bucket', '--bucket', bucket]);
      const policy = publicReadPolicy(bucket);

      // `--debug` logs the HTTP status line the CLI received (urllib3's connection pool).
      const refused = await putPolicyWithCli(2, bucket, policy, ['--debug']);
      expect(refused.code, refused.stdout).not.toBe(0);
      expect(refused.stderr).toMatch(new RegExp(`"PUT /${bucket}\\?policy HTTP/1\\.1" 403 `));
      expect(refused.stderr).toContain(
        'An error occurred (AccessDenied) when calling the PutBucketPolicy operation',
      );
      expect(refused.stderr).toContain('BlockPublicPolicy');
      // (Independent reads run side by side: each CLI start costs about a second.)
      const [noPolicy, block] = await Promise.all([
        cli(3, ['s3api', 'get-bucket-policy', '--bucket', bucket]),
        cliJson(3, ['s3api', 'get-public-access-block', '--bucket', bucket]),
      ]);
      expect(noPolicy.stderr).toContain('(NoSuchBucketPolicy)');
      // New buckets get all four switches on, as on AWS since April 2023.
      expect(block).toEqual({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
      });
      await cliJson(1, ['s3api', 'delete-public-access-block', '--bucket', bucket]);
      const [none, accepted] = await Promise.all([
        cli(2, ['s3api', 'get-public-access-block', '--bucket', bucket]),
        putPolicyWithCli(2, bucket, policy),
      ]);
      expect(none.stderr).toContain('(NoSuchPublicAccessBlockConfiguration)');
      expect(accepted, accepted.stderr).toMatchObject({ code: 0, stdout: '' });

      const [got, status] = await Promise.all([
        cliJson(3, ['s3api', 'get-bucket-policy', '--bucket', bucket]),
        cliJson(1, ['s3api', 'get-bucket-policy-status', '--bucket', bucket]),
      ]);
      expect(JSON.parse(got.Policy as string)).toEqual(JSON.parse(policy));
      expect(status).toEqual({ PolicyStatus: { IsPublic: true } });

      await cliJson(3, ['s3api', 'delete-bucket-policy', '--bucket', bucket]);
      const gone = await cli(1, ['s3api', 'get-bucket-policy', '--bucket', bucket]);
      expect(gone.code).not.toBe(0);
      expect(gone.stderr).toContain('(NoSuchBucketPolicy)');
    });
  });

  describe('a prefix published to anyone', () => {
    let bucket = '';
    const publicBody = seededBytes('published', 3_000);
    const privateBody = seededBytes('unpublished', 2_000);

    beforeAll(async () => {
      bucket = uniqueBucketName('published');
      await acme[0]!.send(new CreateBucketCommand({ Bucket: bucket }));
      await acme[0]!.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'public/x', Body: publicBody }),
      );
      await acme[0]!.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'private/y', Body: privateBody }),
      );
      await acme[0]!.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
      await acme[0]!.send(
        new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicReadPolicy(bucket) }),
      );
    });

    describe('curl without credentials', () => {
      recorder.track('curl (anonymous)', 'http', capabilityOf);
      beforeAll(async () => {
        const version = await runClient(CURL, ['--version'], { cwd: cluster().root });
        recorder.version('curl', version.stdout.split('\n')[0]!.split(' ')[1]!);
      });

      it('bucket policy: an unsigned GET reads the public prefix on every instance; anything else is 403 AccessDenied', async () => {
        // Gateways 2 and 3 never saw this bucket before: the policy is read from PostgreSQL.
        await withinPropagation(async () => {
          for (const n of [1, 2, 3]) {
            const got = await anonymousCurl(n, `/${bucket}/public/x`);
            expect({ n, status: got.status, sha256: sha256(got.body) }).toEqual({
              n,
              status: 200,
              sha256: sha256(publicBody),
            });
          }
        });
        const denied = [
          ['GET', `/${bucket}/private/y`],
          ['GET', `/${bucket}?list-type=2`],
          ['PUT', `/${bucket}/public/new`],
          ['DELETE', `/${bucket}/public/x`],
          ['GET', `/${bucket}?policy`],
          ['GET', '/'],
        ] as const;
        for (const [method, path] of denied) {
          const got = await anonymousCurl(2, path, method);
          // Refused as the anonymous principal, never as a request with a bad signature.
          expect({
            method,
            path,
            status: got.status,
            body: got.body.toString('utf8'),
          }).toMatchObject({
            status: 403,
            body: expect.stringContaining('<Code>AccessDenied</Code>') as unknown,
          });
        }
        // Nothing was written or removed.
        const left = await acme[0]!.send(new ListObjectsV2Command({ Bucket: bucket }));
        expect(left.Contents?.map((o) => o.Key)).toEqual(['private/y', 'public/x']);
      });
    });

    const VARIANTS = [
      { name: 'boto3 (Debian)', python: '/usr/bin/python3' },
      { name: 'boto3 (pip)', python: 'python3' },
    ] as const;
    describe.each(VARIANTS)('$name with botocore.UNSIGNED', (variant) => {
      recorder.track(`${variant.name}, path style`, 'http', capabilityOf);

      it('bucket policy: get_object of the public prefix returns the bytes; put_object, other keys, listings are AccessDenied', async () => {
        // pyenv's `python3` shim needs the real environment to find its interpreter.
        const python = variant.python.startsWith('/')
          ? variant.python
          : (
              await promisify(execFile)(variant.python, ['-c', 'import sys; print(sys.executable)'])
            ).stdout.trim();
        const newKey = `public/from-${variant.name.includes('pip') ? 'pip' : 'debian'}`;
        const run = await runClient(
          python,
          [
            BOTO3_SCRIPT,
            JSON.stringify({
              endpoint: cluster().endpoints[2]!,
              bucket,
              publicKey: 'public/x',
              privateKey: 'private/y',
              newKey,
            }),
          ],
          { cwd: cluster().root },
        );
        expect(run.code, run.stderr).toBe(0);
        const results = JSON.parse(run.stdout) as {
          versions: { boto3: string; botocore: string };
        } & Record<string, unknown>;
        recorder.version(
          variant.name,
          `boto3 ${results.versions.boto3} / botocore ${results.versions.botocore}`,
        );
        const denied = { ok: false, code: 'AccessDenied', status: 403 };
        expect(results).toMatchObject({
          getPublic: { ok: true, value: { length: publicBody.length, sha256: sha256(publicBody) } },
          getPrivate: denied,
          putObject: denied,
          listObjects: denied,
          listBuckets: denied,
        });
        expect(
          await catchS3Error(acme[0]!.send(new HeadObjectCommand({ Bucket: bucket, Key: newKey }))),
        ).toMatchObject({ name: 'NotFound', status: 404 });
      });
    });

    describe('AWS CLI v2, RestrictPublicBuckets', () => {
      recorder.track('AWS CLI v2', 'http', capabilityOf);

      it('public access block: RestrictPublicBuckets=true limits a public policy to the owner account on every instance; turning it off publishes again', async () => {
        // Before: the public policy lets anyone in, signed by another tenant or not.
        expect((await anonymousCurl(3, `/${bucket}/public/x`)).status).toBe(200);
        const published = { status: 200, sha256: sha256(publicBody) };
        expect(await readObject(globex[2]!, bucket, 'public/x')).toEqual(published);

        const restrict = (on: boolean) =>
          cliJson(1, [
            's3api',
            'put-public-access-block',
            '--bucket',
            bucket,
            '--public-access-block-configuration',
            `BlockPublicAcls=false,IgnorePublicAcls=false,BlockPublicPolicy=false,RestrictPublicBuckets=${on}`,
          ]);
        await restrict(true);
        expect(await cliJson(2, ['s3api', 'get-public-access-block', '--bucket', bucket])).toEqual({
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: false,
            IgnorePublicAcls: false,
            BlockPublicPolicy: false,
            RestrictPublicBuckets: true,
          },
        });
        await withinPropagation(async () => {
          for (const n of [2, 3]) {
            const got = await anonymousCurl(n, `/${bucket}/public/x`);
            expect({ n, status: got.status, body: got.body.toString('utf8') }).toMatchObject({
              n,
              status: 403,
              body: expect.stringContaining('<Code>AccessDenied</Code>') as unknown,
            });
          }
          expect(await readObject(globex[2]!, bucket, 'public/x')).toEqual(ACCESS_DENIED);
        });
        // The owner's account keeps its access, and the policy is still there.
        expect(await readObject(acme[1]!, bucket, 'public/x')).toEqual(published);
        expect(await cliJson(3, ['s3api', 'get-bucket-policy-status', '--bucket', bucket])).toEqual(
          { PolicyStatus: { IsPublic: true } },
        );

        await restrict(false);
        await withinPropagation(async () => {
          expect((await anonymousCurl(2, `/${bucket}/public/x`)).status).toBe(200);
          expect(await readObject(globex[2]!, bucket, 'public/x')).toEqual(published);
        });
      });
    });
  });
});
