// Signs requests with the AWS SDK's own signer (@smithy/signature-v4, configured as the S3
// client configures it) in a separate process. It runs outside vitest on purpose: the workspace
// vitest config adds `--conditions module`, which makes Node load @smithy/core's bundler-only
// `dist-es` build (extensionless imports Node cannot resolve).
// Input (stdin): JSON array of jobs; output (stdout): JSON array of signed requests.
import { Buffer } from 'node:buffer';
import process from 'node:process';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const jobs = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const results = [];
for (const job of jobs) {
  const signer = new SignatureV4({
    service: 's3',
    region: job.region,
    credentials: { accessKeyId: job.accessKeyId, secretAccessKey: job.secret },
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const request = new HttpRequest({
    method: job.spec.method,
    protocol: 'https:',
    hostname: job.spec.headers.host ?? 'localhost',
    path: job.spec.path,
    query: job.spec.query ?? {},
    headers: { ...job.spec.headers },
  });
  const signingDate = new Date(job.signingDate);
  const signed =
    job.mode === 'presign'
      ? await signer.presign(request, { signingDate, expiresIn: job.expiresIn })
      : await signer.sign(request, { signingDate });
  results.push({
    method: signed.method,
    path: signed.path,
    query: signed.query,
    headers: signed.headers,
  });
}
process.stdout.write(JSON.stringify(results));
