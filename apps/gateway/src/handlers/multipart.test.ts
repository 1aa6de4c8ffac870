import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { errorCode, useTestGateway } from '../testing/test-gateway.js';

const gateway = useTestGateway();

describe('multipart', () => {
  it('uploads, lists and completes; a retried Complete answers the same', async () => {
    await gateway().send({ method: 'PUT', path: '/mpu' });
    const init = await (
      await gateway().send({ method: 'POST', path: '/mpu/big', query: { uploads: '' } })
    ).text();
    const uploadId = /<UploadId>([^<]+)</.exec(init)![1]!;
    const part1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const part2 = Buffer.from('tail');
    const etags: string[] = [];
    for (const [n, body] of [
      [1, part1],
      [2, part2],
    ] as const) {
      const res = await gateway().send({
        method: 'PUT',
        path: '/mpu/big',
        query: { partNumber: String(n), uploadId },
        body,
      });
      expect(res.status).toBe(200);
      etags.push(res.headers.get('etag')!);
    }
    const parts = await (await gateway().send({ path: '/mpu/big', query: { uploadId } })).text();
    expect(parts).toContain('<PartNumber>2</PartNumber>');
    const uploads = await (await gateway().send({ path: '/mpu', query: { uploads: '' } })).text();
    expect(uploads).toContain(`<UploadId>${uploadId}</UploadId>`);

    const xml = `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
    const done = await gateway().send({
      method: 'POST',
      path: '/mpu/big',
      query: { uploadId },
      body: xml,
    });
    expect(done.status).toBe(200);
    const doneBody = await done.text();
    const md5s = Buffer.concat(etags.map((e) => Buffer.from(e.replace(/"/g, ''), 'hex')));
    const expected = `${createHash('md5').update(md5s).digest('hex')}-2`;
    expect(doneBody).toContain(`<ETag>&quot;${expected}&quot;</ETag>`);
    const retry = await gateway().send({
      method: 'POST',
      path: '/mpu/big',
      query: { uploadId },
      body: xml,
    });
    expect(retry.status).toBe(200);
    expect(await retry.text()).toContain(expected);

    const get = await gateway().send({ path: '/mpu/big' });
    const bytes = Buffer.from(await get.arrayBuffer());
    expect(bytes.length).toBe(part1.length + part2.length);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      createHash('sha256')
        .update(Buffer.concat([part1, part2]))
        .digest('hex'),
    );
    const p2 = await gateway().send({ path: '/mpu/big', query: { partNumber: '2' } });
    expect(p2.status).toBe(206);
    expect(await p2.text()).toBe('tail');
    expect(p2.headers.get('x-amz-mp-parts-count')).toBe('2');
  });

  it('rejects bad part lists and unknown uploads', async () => {
    await gateway().send({ method: 'PUT', path: '/mpu2' });
    const init = await (
      await gateway().send({ method: 'POST', path: '/mpu2/k', query: { uploads: '' } })
    ).text();
    const uploadId = /<UploadId>([^<]+)</.exec(init)![1]!;
    const small = await gateway().send({
      method: 'PUT',
      path: '/mpu2/k',
      query: { partNumber: '1', uploadId },
      body: 'a',
    });
    const e1 = small.headers.get('etag')!;
    const e2 = (
      await gateway().send({
        method: 'PUT',
        path: '/mpu2/k',
        query: { partNumber: '2', uploadId },
        body: 'b',
      })
    ).headers.get('etag')!;
    const tooSmall = await gateway().send({
      method: 'POST',
      path: '/mpu2/k',
      query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${e1}</ETag></Part><Part><PartNumber>2</PartNumber><ETag>${e2}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(await errorCode(tooSmall)).toBe('EntityTooSmall');
    const order = await gateway().send({
      method: 'POST',
      path: '/mpu2/k',
      query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>${e2}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>${e1}</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(await errorCode(order)).toBe('InvalidPartOrder');
    const wrongPart = await gateway().send({
      method: 'POST',
      path: '/mpu2/k',
      query: { uploadId },
      body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"00000000000000000000000000000000"</ETag></Part></CompleteMultipartUpload>`,
    });
    expect(await errorCode(wrongPart)).toBe('InvalidPart');
    const otherKey = await gateway().send({
      method: 'PUT',
      path: '/mpu2/other',
      query: { partNumber: '1', uploadId },
      body: 'a',
    });
    expect(await errorCode(otherKey)).toBe('NoSuchUpload');
    const badNumber = await gateway().send({
      method: 'PUT',
      path: '/mpu2/k',
      query: { partNumber: '10001', uploadId },
      body: 'a',
    });
    expect(await errorCode(badNumber)).toBe('InvalidArgument');
    expect(
      (await gateway().send({ method: 'DELETE', path: '/mpu2/k', query: { uploadId } })).status,
    ).toBe(204);
    const gone = await gateway().send({ method: 'DELETE', path: '/mpu2/k', query: { uploadId } });
    expect(gone.status).toBe(404);
    expect(await errorCode(gone)).toBe('NoSuchUpload');
  });
});
