import { describe, expect, it } from 'vitest';
import { encodeKeyPath, toQueryString } from './encode-uri.js';
import { resolveTarget } from './resolve-target.js';

describe('encodeKeyPath', () => {
  it('encodes everything but unreserved characters and keeps slashes', () => {
    expect(encodeKeyPath("a b/c+d/é!'()*~")).toBe('a%20b/c%2Bd/%C3%A9%21%27%28%29%2A~');
  });

  it('encodes query values the same way', () => {
    expect(toQueryString({ prefix: 'a b/c', uploads: '' })).toBe('?prefix=a%20b%2Fc&uploads=');
  });
});

describe('resolveTarget', () => {
  it('uses path style for IP endpoints', () => {
    const t = resolveTarget(new URL('http://127.0.0.1:9000'), undefined, 'b', 'k/x');
    expect(t).toEqual({ origin: 'http://127.0.0.1:9000', host: '127.0.0.1:9000', path: '/b/k/x' });
  });

  it('uses virtual-hosted style for DNS names and DNS-compatible buckets', () => {
    const t = resolveTarget(new URL('https://s3.example.com'), undefined, 'photos', 'cat.jpg');
    expect(t).toEqual({
      origin: 'https://photos.s3.example.com',
      host: 'photos.s3.example.com',
      path: '/cat.jpg',
    });
  });

  it('falls back to path style for bucket names with dots, or when forced', () => {
    const url = new URL('https://s3.example.com/base/');
    expect(resolveTarget(url, undefined, 'a.b', 'k').path).toBe('/base/a.b/k');
    expect(resolveTarget(url, true, 'photos', undefined).path).toBe('/base/photos');
  });
});
