import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { useTestGateway } from '../testing/test-gateway.js';

// UploadPartCopy's `x-amz-copy-source-range` as S3 checks it. A value that is not
// `bytes=first-last` (or whose last byte comes before its first) is 400 InvalidArgument "The
// x-amz-copy-source-range value must be of the form bytes=first-last where first and last are
// the zero-based offsets of the first and last bytes to copy", naming the header and echoing
// the value (gaul/s3proxy#304 quotes AWS's body). Unlike GET, a copy range is never clamped: one
// that does not fit in the source is 400 InvalidArgument "Range specified is not valid for
// source object of size: N" (what AWS answers, versity/versitygw#610), not 416 InvalidRange.
// No part is recorded either way. On both metastores.

const postgres = await usePostgresTestDatabase();

const SOURCE = '0123456789';
const FORM =
  'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy';

for (const dialect of TEST_DIALECTS) {
  describe(`UploadPartCopy x-amz-copy-source-range on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres });

    /** A 10-byte source and an upload to copy parts of it into. */
    async function setUp(): Promise<string> {
      expect((await gateway().send({ method: 'PUT', path: '/upc' })).status).toBe(200);
      const put = await gateway().send({ method: 'PUT', path: '/upc/src', body: SOURCE });
      expect(put.status).toBe(200);
      const init = await gateway().send({
        method: 'POST',
        path: '/upc/dst',
        query: { uploads: '' },
      });
      return /<UploadId>([^<]+)</.exec(await init.text())![1]!;
    }

    function copyPart(uploadId: string, range: string): Promise<Response> {
      return gateway().send({
        method: 'PUT',
        path: '/upc/dst',
        query: { partNumber: '1', uploadId },
        headers: { 'x-amz-copy-source': '/upc/src', 'x-amz-copy-source-range': range },
      });
    }

    async function expectNoPart(uploadId: string): Promise<void> {
      const parts = await gateway().send({ path: '/upc/dst', query: { uploadId } });
      expect(await parts.text()).not.toContain('<Part>');
    }

    it.each([
      ['no bytes= unit', '0-4'],
      ['another unit', 'items=0-4'],
      ['no last byte', 'bytes=0-'],
      ['a suffix range', 'bytes=-4'],
      ['two ranges', 'bytes=0-1,3-4'],
      ['not numbers', 'bytes=a-b'],
      ['a negative first byte', 'bytes=-1-4'],
      ['last before first', 'bytes=5-2'],
      ['an empty value', ''],
    ])('%s (%j): 400 InvalidArgument naming the header', async (_why, range) => {
      const uploadId = await setUp();
      const res = await copyPart(uploadId, range);
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toContain(`<Code>InvalidArgument</Code><Message>${FORM}</Message>`);
      expect(body).toContain('<ArgumentName>x-amz-copy-source-range</ArgumentName>');
      expect(body).toContain(`<ArgumentValue>${range}</ArgumentValue>`);
      await expectNoPart(uploadId);
    });

    it.each([
      ['last byte past the end', 'bytes=0-10'],
      ['first byte past the end', 'bytes=10-12'],
      ['far past the end', 'bytes=100-200'],
    ])('%s (%s): 400 InvalidArgument with the source size', async (_why, range) => {
      const uploadId = await setUp();
      const res = await copyPart(uploadId, range);
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toContain(
        '<Code>InvalidArgument</Code><Message>Range specified is not valid for source object of size: 10</Message>',
      );
      await expectNoPart(uploadId);
    });

    it('a range within the source copies exactly those bytes', async () => {
      const uploadId = await setUp();
      const res = await copyPart(uploadId, 'bytes=2-9');
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<CopyPartResult');
      const parts = await (await gateway().send({ path: '/upc/dst', query: { uploadId } })).text();
      expect(parts).toContain('<Size>8</Size>');
    });
  });
}
