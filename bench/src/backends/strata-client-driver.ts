import { createS3Client } from '@strata/s3-client';
import type { ClientDriver, ClientDriverConfig } from './client-driver.js';

/**
 * `@strata/s3-client` with its defaults (keep-alive undici pool, retries, timeouts): `putObject`
 * with a stream or Buffer and its length, `getObject` reading the returned body.
 */
export function createStrataClientDriver(config: ClientDriverConfig): ClientDriver {
  const s3 = createS3Client({
    endpoint: config.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    forcePathStyle: true,
    connections: config.connections,
  });
  const { bucket } = config;
  return {
    name: 's3-client',
    async put(key, body, size) {
      await s3.putObject(bucket, key, body, { contentLength: size });
    },
    async get(key) {
      const { body } = await s3.getObject(bucket, key);
      let bytes = 0;
      for await (const chunk of body) bytes += (chunk as Buffer).length;
      return bytes;
    },
    async delete(key) {
      await s3.deleteObject(bucket, key);
    },
    close: () => s3.close(),
  };
}
