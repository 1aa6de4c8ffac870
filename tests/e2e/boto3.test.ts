/**
 * boto3 against the real `strata` binary over HTTP and HTTPS, path and virtual-host style:
 * Debian's python3-boto3 (1.26, before the 2025 default checksums) and the newer pip boto3 on
 * PATH (which sends CRC32 checksums by default). Each combination runs
 * `e2e/clients/boto3_scenarios.py` once; the tests below judge what boto3 reported.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD_KEYS } from './sdk/object-tests.js';
import { byteOrder } from './support/client-data.js';
import { createCompatRecorder } from './support/compat-matrix.js';
import { GATEWAY_DOMAIN, TRANSPORTS, useGateway } from './support/gateway-fixture.js';
import { runClient } from './support/run-client.js';
import { uniqueBucketName } from './support/s3-client.js';
import { TEST_CREDENTIALS } from './support/strata-process.js';
import { md5 } from './support/test-data.js';

const SCRIPT = fileURLToPath(new URL('./clients/boto3_scenarios.py', import.meta.url));
const recorder = createCompatRecorder('boto3');

/** The two boto3 installs: Debian's package, and pip's under the `python3` on PATH (pyenv). */
const VARIANTS = [
  { name: 'boto3 (Debian)', python: '/usr/bin/python3', sendsChecksums: false },
  { name: 'boto3 (pip)', python: 'python3', sendsChecksums: true },
] as const;
const STYLES = ['path', 'virtual'] as const;

/** What one scenario of the script returned. */
type Scenario<T> = { ok: true; value: T } | { ok: false; error: string };
interface ObjectReport {
  putEtag: string;
  putChecksumCRC32: string | null;
  md5: string;
  sha256: string;
  expectedSha256: string;
  getLength: number;
  getEtag: string;
  contentType: string;
  metadata: Record<string, string>;
  headLength: number;
  headEtag: string;
  headMetadata: Record<string, string>;
}
interface TransferReport {
  size: number;
  sha256: string;
  downloadedSha256: string;
  etag: string;
  singleEtag: string;
  multipartEtag: string;
  contentLength: number;
  contentType: string;
  metadata: Record<string, string>;
}
interface PresignReport {
  signature: string;
  putStatus: number;
  putBody: string;
  getStatus: number;
  getBody: string;
  getSha256: string;
  sha256: string;
}
interface ErrorReport {
  code: string;
  status: number;
  class: string;
}
interface SseReport {
  sse: string | null;
  algorithm: string | null;
  keyMd5: string | null;
  etag: string;
}
interface EncryptionReport {
  method: 'SSE-C' | 'SSE-S3';
  /** Base64 MD5 of the customer key the script used. */
  keyMd5: string;
  md5: string;
  put: SseReport;
  get: SseReport;
  head: SseReport;
  sha256: string;
  expectedSha256: string;
  /** https: a GET without the customer key; http: an SSE-C PUT. */
  refused: ErrorReport | null;
  stored: string[];
}
interface ScenarioValues {
  common: {
    headBucket: number;
    bucketListed: boolean;
    objects: Record<string, ObjectReport>;
    listed: string[];
    range: { body: string; contentRange: string };
    copyEtag: string;
    copiedSha256: string;
    deleted: string[];
    left: string[];
  };
  transfer: Record<'under' | 'over' | 'empty', TransferReport>;
  paginators: { v2Pages: string[][]; v1PageSizes: number[]; commonPrefixes: string[] };
  presign: Record<'default' | 's3' | 's3v4', PresignReport>;
  sigv2: {
    created: number;
    putEtag: string;
    body: string;
    listed: string[];
    deleted: number;
  };
  errors: Record<string, ErrorReport | boolean | null>;
  encryption: EncryptionReport;
}

/** The script's output: versions, and one entry per scenario. */
type Boto3Results = { versions: { boto3: string; botocore: string } } & {
  [K in keyof ScenarioValues]: Scenario<ScenarioValues[K]>;
};

function valueOf<T>(scenario: Scenario<T> | undefined): T {
  if (!scenario) throw new Error('the boto3 script did not run this scenario');
  if (!scenario.ok) {
    const last = scenario.error.trim().split('\n').at(-1);
    throw new Error(`boto3 raised ${last}\n${scenario.error}`);
  }
  return scenario.value;
}

/** The executable behind a PATH name (pyenv's shim needs the real environment to resolve). */
async function realPython(python: string): Promise<string> {
  if (python.startsWith('/')) return python;
  const { stdout } = await promisify(execFile)(python, ['-c', 'import sys; print(sys.executable)']);
  return stdout.trim();
}

/** ` Code` of an S3 XML error body, or nothing. */
function errorCode(body: string): string {
  const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
  return code ? ` ${code}` : '';
}

function crc32Base64(text: string): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(Buffer.from(text)) >>> 0);
  return out.toString('base64');
}

describe.each(TRANSPORTS)('boto3 over %s', (transport) => {
  const gateway = useGateway(transport, 'boto3');

  describe.each(VARIANTS)('$name', (variant) => {
    describe.each(STYLES)('%s style', (style) => {
      recorder.track(`${variant.name}, ${style} style`, transport);
      let results: Partial<Boto3Results> = {};
      let failure: Error | undefined;
      const get = <K extends keyof ScenarioValues>(key: K): ScenarioValues[K] => {
        if (failure) throw failure;
        return valueOf(results[key] as Scenario<ScenarioValues[K]> | undefined);
      };

      beforeAll(async () => {
        const { strata, cert, home } = gateway();
        const host = style === 'path' ? '127.0.0.1' : GATEWAY_DOMAIN;
        const options = {
          endpoint: `${transport}://${host}:${strata.port}`,
          ca: cert?.certFile ?? null,
          accessKeyId: TEST_CREDENTIALS.accessKeyId,
          secretAccessKey: TEST_CREDENTIALS.secretAccessKey,
          style,
          bucketPrefix: uniqueBucketName(`b3${variant.sendsChecksums ? 'p' : 'd'}${style[0]}`),
          keys: AWKWARD_KEYS,
        };
        const run = await runClient(
          await realPython(variant.python),
          [SCRIPT, JSON.stringify(options)],
          { cwd: home },
        );
        try {
          results = JSON.parse(run.stdout) as Boto3Results;
        } catch {
          failure = new Error(`boto3 script exited ${run.code}: ${run.stderr.slice(-3000)}`);
          return;
        }
        if (results.versions) {
          recorder.version(
            variant.name,
            `boto3 ${results.versions.boto3} / botocore ${results.versions.botocore}`,
          );
        }
      }, 120_000);

      describe('common calls', () => {
        it('buckets, put/get/head with awkward keys, metadata, content type, range, copy, delete', () => {
          const common = get('common');
          expect(common.headBucket).toBe(200);
          expect(common.bucketListed).toBe(true);
          for (const [key, o] of Object.entries(common.objects)) {
            expect(o.sha256, key).toBe(o.expectedSha256);
            expect(o.putEtag, key).toBe(`"${o.md5}"`);
            expect([o.getEtag, o.headEtag], key).toEqual([o.putEtag, o.putEtag]);
            expect([o.getLength, o.headLength], key).toEqual([
              key === 'empty' ? 0 : Buffer.byteLength(`body of ${key}`),
              key === 'empty' ? 0 : Buffer.byteLength(`body of ${key}`),
            ]);
            expect(o.contentType, key).toBe('text/x-boto3');
            expect(o.metadata, key).toEqual({ color: 'red', 'multi-word': 'Some Value' });
            expect(o.headMetadata, key).toEqual(o.metadata);
            // AWS echoes the checksum a client sent (x-amz-checksum-crc32) on PutObject.
            const body = key === 'empty' ? '' : `body of ${key}`;
            expect(o.putChecksumCRC32, key).toBe(variant.sendsChecksums ? crc32Base64(body) : null);
          }
          expect(common.listed).toEqual(byteOrder([...AWKWARD_KEYS, 'empty']));
          expect(common.range).toEqual({ body: 'dy o', contentRange: 'bytes 2-5/18' });
          expect(common.copyEtag).toBe(`"${md5(`body of ${AWKWARD_KEYS.at(-1)!}`)}"`);
          expect(common.deleted).toEqual([...AWKWARD_KEYS].sort());
          expect(common.left).toEqual(['empty']);
        });
      });

      describe('upload_fileobj / download_fileobj (multipart at 5 MiB)', () => {
        it('one byte under the threshold is one PUT, one byte over is multipart; bytes round-trip', () => {
          const t = get('transfer');
          expect(t.under.etag).toBe(t.under.singleEtag);
          expect(t.over.etag).toBe(t.over.multipartEtag);
          expect(t.over.etag).toMatch(/-2"$/);
          expect(t.empty.etag).toBe(t.empty.singleEtag);
          for (const r of Object.values(t)) {
            expect(r.downloadedSha256).toBe(r.sha256);
            expect(r.contentLength).toBe(r.size);
            expect(r.contentType).toBe('application/x-boto3');
            expect(r.metadata).toEqual({ size: String(r.size) });
          }
        });
      });

      describe('paginators', () => {
        it('list_objects_v2 and list_objects paginate; Delimiter pages CommonPrefixes', () => {
          const p = get('paginators');
          const keys = Array.from({ length: 25 }, (_, i) => `p/${String(i).padStart(2, '0')}/obj`);
          expect(p.v2Pages.map((page) => page.length)).toEqual([10, 10, 5]);
          expect(p.v2Pages.flat()).toEqual(keys);
          expect(p.v1PageSizes).toEqual([7, 7, 7, 4]);
          expect(p.commonPrefixes).toEqual(keys.map((k) => k.replace(/obj$/, '')));
        });
      });

      describe('presigned GET/PUT (s3v4)', () => {
        it('a SigV4 presigned PUT then GET from a plain HTTP client', () => {
          const p = get('presign').s3v4;
          expect(p.signature).toBe('v4');
          expect(p.putStatus, p.putBody).toBe(200);
          expect(p.getStatus).toBe(200);
          expect(p.getSha256).toBe(p.sha256);
        });
      });

      describe('presigned GET/PUT (SigV2, the presign default)', () => {
        it("generate_presigned_url's default (SigV2 query auth) and signature_version='s3' work", () => {
          const presign = get('presign');
          // botocore presigns S3 URLs with SigV2 unless told otherwise.
          expect(presign.default.signature).toBe('v2');
          const outcome = (p: PresignReport) =>
            `PUT ${p.putStatus}${errorCode(p.putBody)}, GET ${p.getStatus}${errorCode(p.getBody)}${p.getSha256 === p.sha256 ? ' (same bytes)' : ''}`;
          expect(`default: ${outcome(presign.default)}; s3: ${outcome(presign.s3)}`).toBe(
            'default: PUT 200, GET 200 (same bytes); s3: PUT 200, GET 200 (same bytes)',
          );
        });
      });

      describe("SigV2 request signing (signature_version='s3')", () => {
        it('create_bucket, put_object, get_object, list_objects, delete_object signed with SigV2', () => {
          const v2 = get('sigv2');
          expect(v2).toEqual({
            created: 200,
            putEtag: `"${md5('signed with v2')}"`,
            body: 'signed with v2',
            listed: ['dir/v2 key+.txt'],
            deleted: 204,
          });
        });
      });

      describe('server-side encryption', () => {
        it(
          transport === 'https'
            ? 'put_object/get_object/head_object with SSECustomerKey; get without it is 400'
            : 'put_object ServerSideEncryption AES256 and back; SSECustomerKey over http is 400',
          () => {
            const e = get('encryption');
            expect(e.sha256).toBe(e.expectedSha256);
            if (transport === 'https') {
              expect(e.method).toBe('SSE-C');
              const ssec = { sse: null, algorithm: 'AES256', keyMd5: e.keyMd5 };
              for (const r of [e.put, e.get, e.head]) expect(r).toMatchObject(ssec);
            } else {
              expect(e.method).toBe('SSE-S3');
              const sseS3 = { sse: 'AES256', algorithm: null, keyMd5: null, etag: `"${e.md5}"` };
              for (const r of [e.put, e.get, e.head]) expect(r).toEqual(sseS3);
            }
            // https: a GET without the key; http: an SSE-C PUT, which stored nothing.
            expect(e.refused).toMatchObject({ code: 'InvalidRequest', status: 400 });
            expect(e.stored).toEqual(['obj']);
          },
        );
      });

      describe('errors as exceptions', () => {
        it('NoSuchKey, NoSuchBucket, 404 on HEAD, SignatureDoesNotMatch, KeyTooLongError', () => {
          const e = get('errors');
          expect(e).toEqual({
            getMissingKey: { code: 'NoSuchKey', status: 404, class: 'NoSuchKey' },
            headMissingKey: { code: '404', status: 404, class: 'ClientError' },
            listMissingBucket: { code: 'NoSuchBucket', status: 404, class: 'NoSuchBucket' },
            headMissingBucket: { code: '404', status: 404, class: 'ClientError' },
            wrongSecret: { code: 'SignatureDoesNotMatch', status: 403, class: 'ClientError' },
            keyTooLong: { code: 'KeyTooLongError', status: 400, class: 'ClientError' },
            modeledNoSuchKey: true,
            modeledNoSuchBucket: true,
          });
        });
      });
    });
  });
});
