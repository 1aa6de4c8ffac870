/**
 * Bucket lifecycle rules end to end: PutBucketLifecycleConfiguration, GetBucketLifecycleConfiguration
 * and DeleteBucketLifecycle from real clients, `x-amz-expiration` on writes and reads, and the
 * lifecycle worker of real `strata` processes acting on the rules with a shortened lifecycle day
 * (`STRATA_WORKERS_LIFECYCLE_DAY_LENGTH`).
 *
 * - One gateway on the embedded SQLite metastore: the AWS CLI v2 administers rules, sees
 *   `Expiration` on put-object and head-object, and watches an object expire and an incomplete
 *   upload be aborted; the AWS SDK v3 checks that versions under Object Lock outlive a
 *   NoncurrentVersionExpiration rule.
 * - Three gateways on one PostgreSQL schema and Redis (`useGatewayCluster`, as the access policy
 *   suite runs them): boto3 puts the rules on an instance that does not hold the
 *   `worker:lifecycle` lease and checks the outcome through the others (`x-amz-expiration` as
 *   soon as the change is announced over Redis, delete markers, NewerNoncurrentVersions,
 *   ExpiredObjectDeleteMarker); the admin API shows the lease held by exactly one instance.
 *
 * PostgreSQL and Redis are required by the second part: when either is unreachable it fails (in
 * CI and out of it), it never skips. One schema per run, dropped afterwards.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AWS_CLI, runAws, type AwsCliResult } from './support/aws-cli.js';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutObjectCommand,
  type S3Client,
} from './support/aws-sdk.js';
import { createCompatRecorder } from './support/compat-matrix.js';
import { useGatewayCluster } from './support/gateway-cluster.js';
import { runClient } from './support/run-client.js';
import { createTestS3Client, uniqueBucketName } from './support/s3-client.js';
import { probePostgresAndRedis } from './support/services.js';
import { TEST_CREDENTIALS, startStrata, type StrataProcess } from './support/strata-process.js';
import { seededBytes, sha256 } from './support/test-data.js';

const recorder = createCompatRecorder('lifecycle');
/** The matrix capability of a test: its name up to the first `:`. */
const capabilityOf = (test: string) => test.split(':')[0]!.trim();

/**
 * The lifecycle day of the SQLite gateway, in seconds. Not 1 s: a rule's `Days: 1` is due at the
 * first day boundary more than a day after the write, so with a 1 s day as little as 1 s after
 * it, and the AWS CLI takes 1.2 to 2 s to start: its head-object could not reliably see an object
 * it had just put. With 4 s the object lives 4 to 8 s (plus up to one worker interval, 1 s).
 */
const SQLITE_DAY_S = 4;
/** How long a rule may take to fire, at most, in either part (a day is at most 4 s here). */
const FIRES_WITHIN_MS = 20_000;
/** Polls `assertion` every 500 ms until it passes or {@link FIRES_WITHIN_MS} have gone by. */
const untilFired = (assertion: () => Promise<void>) =>
  vi.waitFor(assertion, { timeout: FIRES_WITHIN_MS, interval: 500 });

describe(`one gateway on the embedded SQLite metastore, a lifecycle day of ${SQLITE_DAY_S} s`, () => {
  let root = '';
  let gateway: StrataProcess | undefined;
  /** For setup and for the Object Lock case. */
  let sdk: S3Client | undefined;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'strata-e2e-lifecycle-'));
    gateway = await startStrata({
      env: { STRATA_WORKERS_LIFECYCLE_DAY_LENGTH: `${SQLITE_DAY_S}s` },
    });
    sdk = createTestS3Client({ endpoint: gateway.url });
  });
  afterAll(async () => {
    sdk?.destroy();
    await gateway?.[Symbol.asyncDispose]();
    if (root) await rm(root, { recursive: true, force: true });
  });

  describe('AWS CLI v2', () => {
    recorder.track('AWS CLI v2', 'http', capabilityOf);
    const cli = (args: readonly string[]): Promise<AwsCliResult> =>
      runAws({ endpoint: gateway!.url, home: root }, args);
    /** Like {@link cli} but expects exit 0 and parses the output as JSON (`{}` when empty). */
    const cliJson = async (args: readonly string[]): Promise<Record<string, unknown>> => {
      const run = await cli(args);
      if (run.code !== 0) {
        throw new Error(`aws ${args.join(' ')} exited ${run.code}: ${run.stderr.trim()}`);
      }
      return run.stdout.trim() === '' ? {} : (JSON.parse(run.stdout) as Record<string, unknown>);
    };
    beforeAll(async () => {
      const version = await cli(['--version']);
      recorder.version('AWS CLI v2', `${AWS_CLI}: ${version.stdout.trim().split(' ')[0]!}`);
    });

    it('bucket lifecycle: put, get and delete the configuration; Expiration on put-object and head-object; the object expires and the incomplete upload is aborted; transitions and malformed rules are refused', async () => {
      const bucket = uniqueBucketName('cli-lifecycle');
      const rules = [
        {
          ID: 'expire logs',
          Filter: { Prefix: 'logs/' },
          Status: 'Enabled',
          Expiration: { Days: 1 },
        },
        {
          ID: 'abort tmp uploads',
          Filter: { Prefix: 'tmp/' },
          Status: 'Enabled',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ];
      /** put-bucket-lifecycle-configuration of `{ Rules }` written to a file. */
      const putRules = async (name: string, configRules: readonly unknown[]) => {
        const file = join(root, `${bucket}-${name}.json`);
        await writeFile(file, JSON.stringify({ Rules: configRules }));
        return cli([
          's3api',
          'put-bucket-lifecycle-configuration',
          '--bucket',
          bucket,
          '--lifecycle-configuration',
          `file://${file}`,
        ]);
      };
      const object = (key: string) => ['--bucket', bucket, '--key', key];
      // Each CLI start costs more than a second of CPU: what only sets the scene goes through the
      // SDK (a bucket, an object and an upload that no rule names).
      const keepBody = seededBytes('lifecycle-keep', 5_000);
      await sdk!.send(new CreateBucketCommand({ Bucket: bucket }));
      await sdk!.send(new PutObjectCommand({ Bucket: bucket, Key: 'keep/b', Body: keepBody }));
      const keepUpload = await sdk!.send(
        new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'keep/upload' }),
      );
      await writeFile(join(root, 'log.txt'), 'a log line\n');

      const put = await putRules('rules', rules);
      expect(put, put.stderr).toMatchObject({ code: 0, stdout: '' });
      // Initiated before logs/a is written below: due no later than logs/a.
      const tmpUpload = await cliJson([
        's3api',
        'create-multipart-upload',
        ...object('tmp/upload'),
      ]);
      expect(tmpUpload.UploadId).toEqual(expect.any(String));

      // `x-amz-expiration`, which the CLI shows as `Expiration`, on put-object and head-object.
      const dayMs = SQLITE_DAY_S * 1000;
      for (let attempt = 1; ; attempt++) {
        const before = Date.now();
        const putLog = await cliJson([
          's3api',
          'put-object',
          ...object('logs/a'),
          '--body',
          join(root, 'log.txt'),
        ]);
        const after = Date.now();
        // The rule id is URL-encoded.
        const expiration = /^expiry-date="([^"]+)", rule-id="expire%20logs"$/.exec(
          String(putLog.Expiration),
        );
        expect(expiration, String(putLog.Expiration)).not.toBeNull();
        // The first day boundary more than a day after the write (midnight UTC on S3).
        const expiry = Date.parse(expiration![1]!);
        expect(expiry % dayMs).toBe(0);
        expect(expiry).toBeGreaterThan(before + dayMs - 1000);
        expect(expiry).toBeLessThanOrEqual(after + 2 * dayMs);
        const headLog = await cli(['s3api', 'head-object', ...object('logs/a')]);
        if (headLog.code === 0) {
          expect(JSON.parse(headLog.stdout)).toMatchObject({ Expiration: putLog.Expiration });
          break;
        }
        // Only a CLI so slow to start (a loaded machine) that its HEAD came after the announced
        // expiry may miss the object: then write it again, a few times at most.
        expect(headLog.stderr).toContain('An error occurred (404) when calling the HeadObject');
        expect(Date.now()).toBeGreaterThanOrEqual(expiry);
        expect(attempt, 'every head-object came after the expiry').toBeLessThan(3);
      }

      // While the rules take effect: what is refused, and what no rule names.
      const [transition, malformed] = await Promise.all([
        putRules('transition', [
          {
            ID: 'to glacier',
            Filter: { Prefix: 'old/' },
            Status: 'Enabled',
            Transitions: [{ Days: 30, StorageClass: 'GLACIER' }],
          },
        ]),
        // S3 allows exactly one of Days, Date and ExpiredObjectDeleteMarker in an Expiration.
        putRules('malformed', [
          {
            ID: 'both',
            Filter: { Prefix: 'x/' },
            Status: 'Enabled',
            Expiration: { Days: 1, ExpiredObjectDeleteMarker: true },
          },
        ]),
      ]);
      expect(transition.code).not.toBe(0);
      expect(transition.stderr).toContain(
        'An error occurred (NotImplemented) when calling the PutBucketLifecycleConfiguration operation',
      );
      expect(malformed.code).not.toBe(0);
      expect(malformed.stderr).toContain(
        'An error occurred (MalformedXML) when calling the PutBucketLifecycleConfiguration operation',
      );
      const [got, headKeep] = await Promise.all([
        cliJson(['s3api', 'get-bucket-lifecycle-configuration', '--bucket', bucket]),
        cliJson(['s3api', 'head-object', ...object('keep/b')]),
      ]);
      // The refused configurations replaced nothing.
      expect(got).toEqual({ Rules: rules });
      expect(headKeep.Expiration).toBeUndefined();
      expect(headKeep.ContentLength).toBe(keepBody.length);

      // The worker deletes logs/a (an unversioned bucket: gone for good) and, in the same run,
      // aborts the upload under tmp/; the upload under keep/ stays.
      await untilFired(async () => {
        const head = await cli(['s3api', 'head-object', ...object('logs/a')]);
        expect(head.stderr).toContain('An error occurred (404) when calling the HeadObject');
        const uploads = await cliJson(['s3api', 'list-multipart-uploads', '--bucket', bucket]);
        const left = (uploads.Uploads as { Key: string; UploadId: string }[] | undefined) ?? [];
        expect(left.map((u) => [u.Key, u.UploadId])).toEqual([
          ['keep/upload', keepUpload.UploadId],
        ]);
      });
      const kept = await sdk!.send(new GetObjectCommand({ Bucket: bucket, Key: 'keep/b' }));
      expect(sha256(await kept.Body!.transformToByteArray())).toBe(sha256(keepBody));

      const deleted = await cli(['s3api', 'delete-bucket-lifecycle', '--bucket', bucket]);
      expect(deleted, deleted.stderr).toMatchObject({ code: 0, stdout: '' });
      const gone = await cli(['s3api', 'get-bucket-lifecycle-configuration', '--bucket', bucket]);
      expect(gone.code).not.toBe(0);
      expect(gone.stderr).toContain(
        'An error occurred (NoSuchLifecycleConfiguration) when calling the GetBucketLifecycleConfiguration operation',
      );
    });
  });

  describe('AWS SDK v3, a bucket with Object Lock', () => {
    recorder.track('AWS SDK v3 (path style, WHEN_SUPPORTED)', 'http', capabilityOf);
    beforeAll(() => {
      recorder.version(
        'AWS SDK v3',
        `@aws-sdk/client-s3 ${(createRequire(import.meta.url)('@aws-sdk/client-s3/package.json') as { version: string }).version}`,
      );
    });

    it('bucket lifecycle: NoncurrentVersionExpiration removes an unlocked noncurrent version but keeps those under COMPLIANCE retention or a legal hold, readable by version id', async () => {
      const s3 = sdk!;
      const bucket = uniqueBucketName('sdk-lifecycle-lock');
      await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
      const put = (
        body: string,
        lock: Partial<ConstructorParameters<typeof PutObjectCommand>[0]>,
      ) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'k', Body: body, ...lock }));
      const retainUntil = new Date(Date.now() + 86_400_000);
      const retained = await put('retained', {
        ObjectLockMode: 'COMPLIANCE',
        ObjectLockRetainUntilDate: retainUntil,
      });
      const held = await put('held', { ObjectLockLegalHoldStatus: 'ON' });
      const plain = await put('plain', {});
      const current = await put('current', {});
      await s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: bucket,
          LifecycleConfiguration: {
            Rules: [
              {
                ID: 'noncurrent',
                Filter: { Prefix: '' },
                Status: 'Enabled',
                NoncurrentVersionExpiration: { NoncurrentDays: 1 },
              },
            ],
          },
        }),
      );

      // The unlocked noncurrent version goes, and the worker has met the locked ones: a run
      // counted both as kept by Object Lock (its log line), so they are not still there merely
      // because the worker has not got to them yet.
      await untilFired(async () => {
        const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
        expect(listed.Versions?.map((v) => v.VersionId)).not.toContain(plain.VersionId);
        expect(lockedCounts(gateway!.output()).some((locked) => locked >= 2)).toBe(true);
      });
      const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
      expect(listed.Versions?.map((v) => [v.VersionId, v.IsLatest])).toEqual([
        [current.VersionId, true],
        [held.VersionId, false],
        [retained.VersionId, false],
      ]);
      expect(listed.DeleteMarkers ?? []).toEqual([]);

      const read = async (versionId: string | undefined) => {
        const got = await s3.send(
          new GetObjectCommand({ Bucket: bucket, Key: 'k', VersionId: versionId }),
        );
        return {
          body: await got.Body!.transformToString(),
          mode: got.ObjectLockMode,
          retainUntil: got.ObjectLockRetainUntilDate?.getTime(),
          legalHold: got.ObjectLockLegalHoldStatus,
        };
      };
      const stillRetained = await read(retained.VersionId);
      expect(stillRetained).toMatchObject({ body: 'retained', mode: 'COMPLIANCE' });
      expect(Math.abs(stillRetained.retainUntil! - retainUntil.getTime())).toBeLessThan(1000);
      expect(await read(held.VersionId)).toMatchObject({ body: 'held', legalHold: 'ON' });
      expect(await read(undefined)).toMatchObject({ body: 'current' });
    });
  });
});

/** The `locked` count of every `lifecycle run` the gateway logged (pino JSON lines). */
function lockedCounts(output: string): number[] {
  return output
    .split('\n')
    .filter((line) => line.includes('"msg":"lifecycle run"'))
    .map((line) => (JSON.parse(line) as { locked?: number }).locked ?? 0);
}

/** Opens the admin API (`/admin/v1/`) of the PostgreSQL gateways. */
const ADMIN_TOKEN = randomBytes(24).toString('hex');

/** The lifecycle worker as one instance's `GET /admin/v1/workers` shows it. */
interface LifecycleWorkerView {
  readonly instanceId: string;
  readonly runs: number;
  readonly lastError: string | null;
  readonly held: boolean | undefined;
  readonly holder: string | null | undefined;
}

async function lifecycleWorkerOf(gateway: StrataProcess): Promise<LifecycleWorkerView> {
  const response = await fetch(`${gateway.url}/admin/v1/workers`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  if (response.status !== 200) {
    throw new Error(`GET /admin/v1/workers: ${response.status} ${await response.text()}`);
  }
  const body = (await response.json()) as {
    instanceId: string;
    workers: {
      name: string;
      runs: number;
      lastError: string | null;
      lease: { held: boolean; holder: string | null } | null;
    }[];
  };
  const job = body.workers.find((w) => w.name === 'lifecycle');
  if (job === undefined) throw new Error(`no lifecycle worker in ${JSON.stringify(body)}`);
  return {
    instanceId: body.instanceId,
    runs: job.runs,
    lastError: job.lastError,
    held: job.lease?.held,
    holder: job.lease?.holder,
  };
}

/**
 * The boto3 side of the versioned scenario, run as `python3 -c SCRIPT '<json options>'`: it
 * reports what boto3 saw (never asserts), and waits for the worker itself (polling every 500 ms,
 * at most 20 s per wait) so that one interpreter start serves the whole scenario. `endpoints`:
 * the instance that puts the rules, then the two that check.
 */
const BOTO3_SCENARIO = String.raw`
import json, sys, time, traceback
import boto3, botocore
from botocore.config import Config
from botocore.exceptions import ClientError

O = json.loads(sys.argv[1])
B = O["bucket"]
out = {"versions": {"boto3": boto3.__version__, "botocore": botocore.__version__}}


def client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=O["accessKeyId"],
        aws_secret_access_key=O["secretAccessKey"],
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1, "mode": "standard"}),
    )


rules_via, check_via, other_via = (client(e) for e in O["endpoints"])


def listing(c, **kwargs):
    r = c.list_object_versions(Bucket=B, **kwargs)
    return {
        "versions": [[v["Key"], v["VersionId"], v["IsLatest"]] for v in r.get("Versions", [])],
        "markers": [[m["Key"], m["VersionId"], m["IsLatest"]] for m in r.get("DeleteMarkers", [])],
    }


def outcome(call):
    try:
        call()
        return {"ok": True}
    except ClientError as e:
        meta = e.response["ResponseMetadata"]
        return {
            "code": e.response["Error"]["Code"],
            "status": meta["HTTPStatusCode"],
            "deleteMarker": meta["HTTPHeaders"].get("x-amz-delete-marker"),
        }


def wait(done, state, timeout=20.0):
    start = time.monotonic()
    while True:
        seen = state()
        if done(seen) or time.monotonic() - start > timeout:
            return {"seen": seen, "seconds": round(time.monotonic() - start, 1)}
        time.sleep(0.5)


try:
    rules_via.create_bucket(Bucket=B)
    rules_via.put_bucket_versioning(Bucket=B, VersioningConfiguration={"Status": "Enabled"})
    k = [rules_via.put_object(Bucket=B, Key="k", Body=b)["VersionId"] for b in (b"one", b"two", b"three")]
    out["k"] = k
    # A lone delete marker no rule names: it must outlive the ExpiredObjectDeleteMarker rule on k.
    j = rules_via.put_object(Bucket=B, Key="j", Body=b"j")["VersionId"]
    out["jMarker"] = rules_via.delete_object(Bucket=B, Key="j")["VersionId"]
    rules_via.delete_object(Bucket=B, Key="j", VersionId=j)
    # The checking instances read (and cache) the bucket before it has rules.
    rules_via.put_object(Bucket=B, Key="later/x", Body=b"x")

    def later_expirations():
        return [c.head_object(Bucket=B, Key="later/x").get("Expiration") for c in (check_via, other_via)]

    out["laterBefore"] = later_expirations()

    rules_via.put_bucket_lifecycle_configuration(
        Bucket=B, LifecycleConfiguration={"Rules": O["versionRules"]}
    )
    out["laterAfter"] = wait(lambda s: all(s), later_expirations, timeout=3.0)
    out["rules"] = check_via.get_bucket_lifecycle_configuration(Bucket=B)["Rules"]
    out["expired"] = wait(
        lambda s: s["versions"] == [["k", k[2], False]] and [m[2] for m in s["markers"]] == [True],
        lambda: listing(check_via, Prefix="k"),
    )
    out["getCurrent"] = outcome(lambda: other_via.get_object(Bucket=B, Key="k"))
    out["headCurrent"] = outcome(lambda: other_via.head_object(Bucket=B, Key="k"))
    out["newestNoncurrent"] = (
        other_via.get_object(Bucket=B, Key="k", VersionId=k[2])["Body"].read().decode()
    )
    out["oldest"] = outcome(lambda: other_via.get_object(Bucket=B, Key="k", VersionId=k[0]))

    rules_via.put_bucket_lifecycle_configuration(
        Bucket=B, LifecycleConfiguration={"Rules": O["markerRules"]}
    )
    check_via.delete_object(Bucket=B, Key="k", VersionId=k[2])
    out["markerGone"] = wait(
        lambda s: s["versions"] == [] and s["markers"] == [],
        lambda: listing(other_via, Prefix="k"),
    )
    out["bucket"] = listing(check_via)
except Exception:
    out["error"] = traceback.format_exc()
print(json.dumps(out))
`;

/** What {@link BOTO3_SCENARIO} printed. */
interface Boto3Scenario {
  readonly versions: { boto3: string; botocore: string };
  readonly error?: string;
  readonly k: [string, string, string];
  readonly jMarker: string;
  readonly laterBefore: unknown;
  readonly laterAfter: { seen: unknown; seconds: number };
  readonly rules: unknown;
  readonly expired: { seen: unknown; seconds: number };
  readonly getCurrent: unknown;
  readonly headCurrent: unknown;
  readonly newestNoncurrent: string;
  readonly oldest: unknown;
  readonly markerGone: { seen: unknown; seconds: number };
  readonly bucket: unknown;
}

// A test of its own, outside the suite below: when a service is down it counts as a failed test
// (the suite's tests, whose hooks then fail too, are only reported as not run).
it(
  'PostgreSQL and Redis answer (the multi-instance lifecycle suite needs both, and fails without them)',
  probePostgresAndRedis,
);

describe('three gateways on one PostgreSQL schema and Redis, a lifecycle day of 1 s', () => {
  const cluster = useGatewayCluster({
    count: 3,
    name: 'lifecycle-pg',
    configYaml: [
      'admin:',
      '  tokens:',
      `    - ${ADMIN_TOKEN}`,
      'workers:',
      '  lifecycle_day_length: 1s',
      '',
    ].join('\n'),
  });

  /** The index of the one gateway holding `worker:lifecycle`, as all three report it. */
  const leaseHolder = async (): Promise<number> => {
    const views = await Promise.all(cluster().gateways.map(lifecycleWorkerOf));
    const holders = views.flatMap((view, i) => (view.held === true ? [i] : []));
    expect(holders, JSON.stringify(views)).toHaveLength(1);
    const holder = holders[0]!;
    // Every instance reads the same lease row: the holder's id.
    expect(views.map((v) => v.holder)).toEqual(views.map(() => views[holder]!.instanceId));
    return holder;
  };

  describe('boto3 (pip), a versioned bucket', () => {
    recorder.track('boto3 (pip), path style', 'http', capabilityOf);

    it('bucket lifecycle: rules put on one instance expire the current version (a delete marker), keep one noncurrent version, and remove the lone marker under ExpiredObjectDeleteMarker, as the other instances see; one instance holds the worker lease', async () => {
      // Leases are taken at start: the first instance's, unless it was slow to renew.
      const holder = await vi.waitFor(leaseHolder, { timeout: 5_000, interval: 200 });
      // Rules go in through an instance that does not run the worker; the checks go through the
      // other two, neither of which put them.
      const endpoints = [holder + 1, holder + 2, holder].map((i) => cluster().endpoints[i % 3]!);
      const versionRules = [
        {
          ID: 'k versions',
          Filter: { Prefix: 'k' },
          Status: 'Enabled',
          Expiration: { Days: 1 },
          NoncurrentVersionExpiration: { NoncurrentDays: 1, NewerNoncurrentVersions: 1 },
        },
        // Due in about 28 hours: only there to be announced in x-amz-expiration.
        {
          ID: 'later',
          Filter: { Prefix: 'later/' },
          Status: 'Enabled',
          Expiration: { Days: 100_000 },
        },
      ];
      const markerRules = [
        {
          ID: 'k markers',
          Filter: { Prefix: 'k' },
          Status: 'Enabled',
          Expiration: { ExpiredObjectDeleteMarker: true },
        },
      ];
      // pyenv's `python3` shim needs the real environment to find its interpreter.
      const { stdout: python } = await promisify(execFile)('python3', [
        '-c',
        'import sys; print(sys.executable)',
      ]);
      const run = await runClient(
        python.trim(),
        [
          '-c',
          BOTO3_SCENARIO,
          JSON.stringify({
            endpoints,
            bucket: uniqueBucketName('boto3-lifecycle'),
            accessKeyId: TEST_CREDENTIALS.accessKeyId,
            secretAccessKey: TEST_CREDENTIALS.secretAccessKey,
            versionRules,
            markerRules,
          }),
        ],
        { cwd: cluster().root },
      );
      expect(run.code, run.stderr).toBe(0);
      const seen = JSON.parse(run.stdout) as Boto3Scenario;
      recorder.version(
        'boto3 (pip)',
        `boto3 ${seen.versions.boto3} / botocore ${seen.versions.botocore}`,
      );
      expect(seen.error).toBeUndefined();
      const [, , newest] = seen.k;

      expect(seen.rules).toEqual(versionRules);
      // The other instances had cached the bucket without rules; the Redis announcement of the
      // change reaches them long before their cache (30 s) would expire.
      expect(seen.laterBefore).toEqual([null, null]);
      expect(seen.laterAfter.seen, `after ${seen.laterAfter.seconds} s`).toEqual([
        expect.stringMatching(/^expiry-date="[^"]+ GMT", rule-id="later"$/),
        expect.stringMatching(/^expiry-date="[^"]+ GMT", rule-id="later"$/),
      ]);
      // Expiration: the current version is hidden by a marker; NewerNoncurrentVersions 1 keeps
      // the newest noncurrent version (the one just expired), the two older ones are gone.
      expect(seen.expired.seen, `after ${seen.expired.seconds} s`).toEqual({
        versions: [['k', newest, false]],
        markers: [['k', expect.any(String), true]],
      });
      const deleteMarker = { status: 404, deleteMarker: 'true' };
      expect(seen.getCurrent).toEqual({ code: 'NoSuchKey', ...deleteMarker });
      expect(seen.headCurrent).toEqual({ code: '404', ...deleteMarker });
      expect(seen.newestNoncurrent).toBe('three');
      expect(seen.oldest).toMatchObject({ code: 'NoSuchVersion', status: 404 });
      // ExpiredObjectDeleteMarker: once the last version is deleted, the marker goes too; the
      // marker of `j`, which no rule names, stays.
      expect(seen.markerGone.seen, `after ${seen.markerGone.seconds} s`).toEqual({
        versions: [],
        markers: [],
      });
      expect(seen.bucket).toEqual({
        versions: [['later/x', expect.any(String), true]],
        markers: [['j', seen.jMarker, true]],
      });

      // The same instance held the lease throughout and ran the worker; the others never did.
      expect(await leaseHolder()).toBe(holder);
      const views = await Promise.all(cluster().gateways.map(lifecycleWorkerOf));
      expect(views.map((v) => v.runs > 0)).toEqual(views.map((_, i) => i === holder));
      expect(views[holder]!.lastError).toBeNull();
    });
  });
});
