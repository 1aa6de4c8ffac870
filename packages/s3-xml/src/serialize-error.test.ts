import { describe, expect, it } from 'vitest';
import { S3Error } from './s3-error.js';
import { serializeError } from './serialize-error.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

describe('serializeError', () => {
  it('renders the exact AWS error document', () => {
    const xml = serializeError(new S3Error('NoSuchKey', { extra: { Key: 'photos/cat.jpg' } }), {
      resource: '/bucket/photos/cat.jpg',
      requestId: '4442587FB7D0A2F9',
      hostId: 'aG9zdA==',
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>' +
        '<Key>photos/cat.jpg</Key><Resource>/bucket/photos/cat.jpg</Resource>' +
        '<RequestId>4442587FB7D0A2F9</RequestId><HostId>aG9zdA==</HostId></Error>',
    );
  });

  it('keeps extra elements in order and escapes every value', () => {
    const err = new S3Error('InvalidArgument', {
      message: 'bad <arg> & "quote"',
      extra: { ArgumentName: 'x-amz-meta-a&b', ArgumentValue: `<'v'>` },
    });
    const xml = serializeError(err, { resource: '/b/k&<>', requestId: 'R1' });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<Error><Code>InvalidArgument</Code>' +
        '<Message>bad &lt;arg&gt; &amp; &quot;quote&quot;</Message>' +
        '<ArgumentName>x-amz-meta-a&amp;b</ArgumentName>' +
        '<ArgumentValue>&lt;&apos;v&apos;&gt;</ArgumentValue>' +
        '<Resource>/b/k&amp;&lt;&gt;</Resource><RequestId>R1</RequestId></Error>',
    );
    const parsed = parseWithFxp(xml).Error as Record<string, string>;
    expect(parsed.Message).toBe('bad <arg> & "quote"');
    expect(parsed.ArgumentValue).toBe(`<'v'>`);
    expect(parsed.Resource).toBe('/b/k&<>');
    expect(parsed.HostId).toBeUndefined();
  });

  it("prefers the error's own resource and leaves an empty one out", () => {
    const own = serializeError(new S3Error('NoSuchBucket', { resource: '/other' }), {
      resource: '/b',
      requestId: 'R',
    });
    expect(own).toContain('<Resource>/other</Resource>');
    const none = serializeError(new S3Error('AccessDenied'), { resource: '', requestId: 'R' });
    expect(none).not.toContain('<Resource>');
    expect(none).toContain('<Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>');
  });

  it('puts no namespace on <Error>', () => {
    const xml = serializeError(new S3Error('SlowDown'), { resource: '/', requestId: 'R' });
    expect(xml).toContain('\n<Error><Code>');
    expect(xml).not.toContain('xmlns');
  });
});
