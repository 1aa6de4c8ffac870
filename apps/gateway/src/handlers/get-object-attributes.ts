import type { Context } from 'hono';
import { MAX_PART_NUMBER } from '@strata/object-layer';
import { S3Error, parseObjectAttributes, serializeGetObjectAttributes } from '@strata/s3-xml';
import type { GatewayEnv } from '../env.js';
import { sseOf } from './internal/encryption.js';
import { objectOf, xml, type Handler } from './internal/handler.js';
import { setReadVersionIdHeader, versionIdOf } from './internal/version-id.js';

function intHeader(c: Context<GatewayEnv>, name: string, max: number): number | undefined {
  const raw = c.req.header(name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > max) {
    throw new S3Error('InvalidArgument', {
      message: `Invalid value for ${name}.`,
      extra: { ArgumentName: name, ArgumentValue: raw },
    });
  }
  return Number(raw);
}

/** GetObjectAttributes: ETag, Checksum, ObjectParts, StorageClass, ObjectSize on request. */
export const getObjectAttributes: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  const { record, attributes } = await deps.layer.getObjectAttributes({
    bucket,
    key,
    versionId: versionIdOf(c),
    attributes: parseObjectAttributes(c.req.header('x-amz-object-attributes')),
    maxParts: intHeader(c, 'x-amz-max-parts', 1000),
    partNumberMarker: intHeader(c, 'x-amz-part-number-marker', MAX_PART_NUMBER),
    customerKey: sseOf(c).customerKey,
  });
  c.header('last-modified', record.lastModified.toUTCString());
  setReadVersionIdHeader(c, record);
  return xml(c, serializeGetObjectAttributes(attributes));
};
