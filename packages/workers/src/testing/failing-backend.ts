import type { ObjectBackend } from '@strata/backend-pool';

/**
 * Test-only: a backend whose `delete` and `abortMultipart` fail (like a backend that is down)
 * while `failing` is set, and otherwise reach the real backend it wraps.
 */
export function failingBackend(inner: ObjectBackend): ObjectBackend & { failing: boolean } {
  const outage = () => Object.assign(new Error('connection refused'), { code: 'EBACKEND_IO' });
  const wrapper = {
    failing: true,
    name: inner.name,
    put: inner.put.bind(inner),
    get: inner.get.bind(inner),
    head: inner.head.bind(inner),
    createMultipart: inner.createMultipart.bind(inner),
    uploadPart: inner.uploadPart.bind(inner),
    completeMultipart: inner.completeMultipart.bind(inner),
    list: inner.list.bind(inner),
    close: inner.close.bind(inner),
    delete: (blob: string) => (wrapper.failing ? Promise.reject(outage()) : inner.delete(blob)),
    abortMultipart: (blob: string, uploadId: string) =>
      wrapper.failing ? Promise.reject(outage()) : inner.abortMultipart(blob, uploadId),
  };
  return wrapper;
}
