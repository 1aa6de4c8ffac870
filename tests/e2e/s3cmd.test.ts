/**
 * Debian's s3cmd against the real `strata` binary over HTTP and HTTPS, with a generated config
 * file: virtual-host style (its default, `host_bucket = %(bucket)s.s3.localhost:PORT`) and path
 * style, SigV4 with signed payloads (`signature_v2 = False`), 5 MiB multipart chunks.
 *
 * glibc does not resolve `*.localhost`, and the tests must not edit /etc/hosts: virtual-host
 * style runs s3cmd through a five-line Python shim that maps `*.localhost` to 127.0.0.1 in
 * `socket.getaddrinfo` and then runs /usr/bin/s3cmd unchanged. Path style runs s3cmd directly.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIVE_MIB,
  byteOrder,
  hashFiles,
  hashTree,
  headOf,
  inspector,
  listAll,
  standardFiles,
  writeTree,
} from './support/client-data.js';
import { createCompatRecorder } from './support/compat-matrix.js';
import { GATEWAY_DOMAIN, TRANSPORTS, useGateway } from './support/gateway-fixture.js';
import { mustRun, runClient } from './support/run-client.js';
import { HeadObjectCommand } from './support/aws-sdk.js';
import { uniqueBucketName } from './support/s3-client.js';
import { E2E_KEY_IDS } from './support/strata-config.js';
import { TEST_CREDENTIALS } from './support/strata-process.js';
import { md5, multipartEtag, partMd5s, seededBytes, sha256 } from './support/test-data.js';
import type { S3Client } from '@aws-sdk/client-s3';

const S3CMD = '/usr/bin/s3cmd';
const PYTHON = '/usr/bin/python3';
const STYLES = ['virtual-host', 'path'] as const;
const recorder = createCompatRecorder('s3cmd');

const RESOLVER_SHIM = `import runpy, socket, sys
_getaddrinfo = socket.getaddrinfo
def _loopback(host, *args, **kwargs):
    if isinstance(host, str) and (host == 'localhost' or host.endswith('.localhost')):
        host = '127.0.0.1'
    return _getaddrinfo(host, *args, **kwargs)
socket.getaddrinfo = _loopback
sys.argv = [${JSON.stringify(S3CMD)}] + sys.argv[1:]
runpy.run_path(${JSON.stringify(S3CMD)}, run_name='__main__')
`;

describe.each(TRANSPORTS)('s3cmd over %s', (transport) => {
  const gateway = useGateway(transport, 's3cmd');
  let sdk: S3Client;
  beforeAll(async () => {
    sdk = inspector(gateway());
    await writeFile(join(gateway().home, 'loopback-s3cmd.py'), RESOLVER_SHIM);
    const version = await mustRun(S3CMD, ['--version'], { cwd: gateway().home });
    recorder.version('s3cmd', version.trim().replace(/^s3cmd version\s+/, ''));
  });
  afterAll(() => sdk?.destroy());

  describe.each(STYLES)('%s style', (style) => {
    recorder.track(`s3cmd (${style})`, transport);
    let n = 0;

    const config = async (secret: string = TEST_CREDENTIALS.secretAccessKey) => {
      const { home, strata, cert } = gateway();
      const base =
        style === 'path' ? `127.0.0.1:${strata.port}` : `${GATEWAY_DOMAIN}:${strata.port}`;
      const lines = [
        '[default]',
        `access_key = ${TEST_CREDENTIALS.accessKeyId}`,
        `secret_key = ${secret}`,
        `host_base = ${base}`,
        `host_bucket = ${style === 'path' ? base : `%(bucket)s.${GATEWAY_DOMAIN}:${strata.port}`}`,
        `use_https = ${cert ? 'True' : 'False'}`,
        ...(cert ? [`ca_certs_file = ${cert.certFile}`, 'check_ssl_certificate = True'] : []),
        'signature_v2 = False',
        'bucket_location = us-east-1',
        'multipart_chunk_size_mb = 5',
        'progress_meter = False',
      ];
      n += 1;
      const file = join(home, `s3cfg-${style}-${n}`);
      await writeFile(file, `${lines.join('\n')}\n`);
      return file;
    };
    const run = async (args: readonly string[], secret?: string) => {
      const cfg = await config(secret);
      const [file, prefix] =
        style === 'path' ? [S3CMD, []] : [PYTHON, [join(gateway().home, 'loopback-s3cmd.py')]];
      return runClient(file, [...prefix, '-c', cfg, ...args], { cwd: gateway().home });
    };
    const s3cmd = async (args: readonly string[]) => {
      const out = await run(args);
      if (out.code !== 0) {
        throw new Error(`s3cmd ${args.join(' ')} exited ${out.code}\n${out.stdout}\n${out.stderr}`);
      }
      return out.stdout;
    };
    const workDir = async (name: string) => {
      n += 1;
      const path = join(gateway().home, `${style}-${name}-${n}`);
      await mkdir(path, { recursive: true });
      return path;
    };
    const newBucket = async () => {
      const bucket = uniqueBucketName(`s3cmd-${style[0]}`);
      expect(await s3cmd(['mb', `s3://${bucket}`])).toContain(`Bucket 's3://${bucket}/' created`);
      return bucket;
    };

    describe('put, get, ls', () => {
      it('put --recursive and get --recursive: awkward keys, empty and 5 MiB ± 1 files, byte for byte', async () => {
        const bucket = await newBucket();
        const files = standardFiles(`s3cmd-${style}`);
        const src = await workDir('src');
        await writeTree(src, files);
        await s3cmd(['put', '--recursive', `${src}/`, `s3://${bucket}/`]);
        const listed = await listAll(sdk, bucket);
        expect(listed.map((o) => o.key)).toEqual(byteOrder(files.keys()));

        const ls = await s3cmd(['ls', '--recursive', `s3://${bucket}`]);
        const reported = new Map(
          ls
            .trim()
            .split('\n')
            .map((line) => /^\S+ \S+\s+(\d+)\s+s3:\/\/[^/]+\/(.*)$/.exec(line)!)
            .map((m) => [m[2]!, Number(m[1])]),
        );
        expect(Object.fromEntries(reported)).toEqual(
          Object.fromEntries([...files].map(([k, v]) => [k, v.length])),
        );

        const down = await workDir('down');
        await s3cmd(['get', '--recursive', `s3://${bucket}/`, `${down}/`]);
        expect(await hashTree(down, files.keys())).toEqual(hashFiles(files));
      });
    });

    describe('signed payloads', () => {
      it('signs the SHA-256 of the body (x-amz-content-sha256), not UNSIGNED-PAYLOAD', async () => {
        const bucket = await newBucket();
        const src = await workDir('signed');
        const data = seededBytes('s3cmd-signed', 100_000);
        await writeFile(join(src, 'signed.bin'), data);
        const out = await run([
          'put',
          join(src, 'signed.bin'),
          `s3://${bucket}/signed.bin`,
          '--debug',
        ]);
        expect(out.code, out.stderr.slice(-2000)).toBe(0);
        expect(out.stderr).toContain('AWS4-HMAC-SHA256');
        expect(out.stderr).toContain(`'x-amz-content-sha256': '${sha256(data)}'`);
        expect(out.stderr).not.toContain('UNSIGNED-PAYLOAD');
        expect(await headOf(sdk, bucket, 'signed.bin')).toMatchObject({
          etag: `"${md5(data)}"`,
          size: data.length,
        });
      });
    });

    describe('info (metadata, content type, MD5)', () => {
      it('info reports size, MIME type, MD5 and x-amz-meta headers set by put', async () => {
        const bucket = await newBucket();
        const src = await workDir('info');
        const data = seededBytes('s3cmd-info', 4321);
        await writeFile(join(src, 'i.bin'), data);
        await s3cmd([
          'put',
          join(src, 'i.bin'),
          `s3://${bucket}/dir/info me+.bin`,
          '--mime-type=application/x-strata',
          '--add-header=x-amz-meta-color:red',
        ]);
        const info = await s3cmd(['info', `s3://${bucket}/dir/info me+.bin`]);
        expect(info).toMatch(/File size:\s+4321\n/);
        expect(info).toMatch(/MIME type:\s+application\/x-strata\n/);
        expect(info).toMatch(new RegExp(`MD5 sum:\\s+${md5(data)}\\n`));
        expect(info).toMatch(/x-amz-meta-color:\s+red/);
        const head = await headOf(sdk, bucket, 'dir/info me+.bin');
        expect(head).toMatchObject({
          etag: `"${md5(data)}"`,
          contentType: 'application/x-strata',
          metadata: { color: 'red' },
        });
        const bucketInfo = await s3cmd(['info', `s3://${bucket}`]);
        expect(bucketInfo).toMatch(/Location:\s+us-east-1/);
      });
    });

    describe('multipart (--multipart-chunk-size-mb=5)', () => {
      it('uploads one byte over 5 MiB in two parts, one byte under in one PUT', async () => {
        const bucket = await newBucket();
        const src = await workDir('mp');
        const over = seededBytes('s3cmd-over', FIVE_MIB + 1);
        const under = seededBytes('s3cmd-under', FIVE_MIB - 1);
        await writeFile(join(src, 'over.bin'), over);
        await writeFile(join(src, 'under.bin'), under);
        const up = await s3cmd([
          'put',
          '--multipart-chunk-size-mb=5',
          join(src, 'over.bin'),
          join(src, 'under.bin'),
          `s3://${bucket}/mp/`,
        ]);
        expect(up).toMatch(/over\.bin' \(5242881 bytes/);
        expect(up).toMatch(/under\.bin' \(5242879 bytes/);
        // The ETags tell how each object was uploaded: `-2` is a two-part multipart upload.
        expect(await headOf(sdk, bucket, 'mp/over.bin')).toMatchObject({
          etag: multipartEtag(partMd5s(over, FIVE_MIB)),
          size: over.length,
        });
        expect(await headOf(sdk, bucket, 'mp/under.bin')).toMatchObject({
          etag: `"${md5(under)}"`,
          size: under.length,
        });
        const info = await s3cmd(['info', `s3://${bucket}/mp/over.bin`]);
        // s3cmd stores the whole-file MD5 in x-amz-meta-s3cmd-attrs and reports it.
        expect(info).toMatch(new RegExp(`MD5 sum:\\s+${md5(over)}\\n`));
        const down = await workDir('mp-down');
        await s3cmd(['get', `s3://${bucket}/mp/over.bin`, join(down, 'over.bin')]);
        expect(sha256(await readFile(join(down, 'over.bin')))).toBe(sha256(over));
      });
    });

    describe('sync', () => {
      it('sync uploads, a second sync uploads nothing, --delete-removed propagates', async () => {
        const bucket = await newBucket();
        const src = await workDir('sync');
        await writeTree(
          src,
          new Map<string, Buffer>([
            ['a.txt', Buffer.from('a')],
            ['sub/b.bin', seededBytes('s3cmd-sync', 70_000)],
            ['sub/with space.txt', Buffer.from('x')],
            ['empty', Buffer.alloc(0)],
          ]),
        );
        const first = await s3cmd(['sync', `${src}/`, `s3://${bucket}/site/`]);
        expect(first.match(/^upload: /gm)?.length, first).toBe(4);
        const second = await s3cmd(['sync', `${src}/`, `s3://${bucket}/site/`]);
        expect(second).not.toMatch(/^upload: /m);
        await writeFile(join(src, 'a.txt'), 'changed');
        await import('node:fs/promises').then((fs) => fs.rm(join(src, 'sub', 'b.bin')));
        const third = await s3cmd(['sync', '--delete-removed', `${src}/`, `s3://${bucket}/site/`]);
        expect(third).toMatch(/^upload: .*a\.txt/m);
        expect(third).toMatch(/^delete: 's3:\/\/[^']+\/site\/sub\/b\.bin'/m);
        expect((await listAll(sdk, bucket)).map((o) => o.key)).toEqual([
          'site/a.txt',
          'site/empty',
          'site/sub/with space.txt',
        ]);
      });
    });

    describe('server-side encryption', () => {
      it('put --server-side-encryption (SSE-S3) and --server-side-encryption-kms-id (SSE-KMS); info and get', async () => {
        const bucket = await newBucket();
        const src = await workDir('sse');
        const data = seededBytes('s3cmd-sse', 70_000);
        await writeFile(join(src, 'sse.bin'), data);
        await s3cmd([
          'put',
          '--server-side-encryption',
          join(src, 'sse.bin'),
          `s3://${bucket}/s3.bin`,
        ]);
        // One of the gateway's keyring ids: the keyring plays the KMS.
        await s3cmd([
          'put',
          `--server-side-encryption-kms-id=${E2E_KEY_IDS[0]}`,
          join(src, 'sse.bin'),
          `s3://${bucket}/kms.bin`,
        ]);
        expect(await s3cmd(['info', `s3://${bucket}/s3.bin`])).toMatch(/SSE:\s+AES256\n/);
        expect(await s3cmd(['info', `s3://${bucket}/kms.bin`])).toMatch(/SSE:\s+aws:kms\n/);
        const kms = await sdk.send(new HeadObjectCommand({ Bucket: bucket, Key: 'kms.bin' }));
        expect(kms).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: E2E_KEY_IDS[0] });
        const down = await workDir('sse-down');
        for (const key of ['s3.bin', 'kms.bin']) {
          await s3cmd(['get', `s3://${bucket}/${key}`, join(down, key)]);
          expect(sha256(await readFile(join(down, key))), key).toBe(sha256(data));
        }
      });
    });

    describe('errors', () => {
      it('missing key, missing bucket and a wrong secret fail with the S3 error', async () => {
        const bucket = await newBucket();
        const down = await workDir('err');
        const info = await run(['info', `s3://${bucket}/missing`]);
        expect(info.code).not.toBe(0);
        expect(info.stderr).toMatch(/404 \(Not Found\)|NoSuchKey|does not exist/);
        const get = await run(['get', `s3://${bucket}/missing`, join(down, 'm')]);
        expect(get.code).not.toBe(0);
        expect(get.stderr).toMatch(/does not exist|NoSuchKey|404/);

        const missing = uniqueBucketName('s3cmd-none');
        const ls = await run(['ls', `s3://${missing}`]);
        expect(ls.code).toBe(12); // EX_NOTFOUND
        expect(ls.stderr).toMatch(/NoSuchBucket|does not exist/);

        const wrong = await run(['ls', `s3://${bucket}`], 'not-the-right-secret-000000');
        expect(wrong.code).toBe(77); // EX_ACCESSDENIED
        expect(wrong.stderr).toContain('SignatureDoesNotMatch');
      });
    });
  });
});
