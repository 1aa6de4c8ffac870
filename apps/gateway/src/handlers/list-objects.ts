import { serializeListObjectsV1 } from '@strata/s3-xml';
import { xml, type Handler } from './internal/handler.js';
import { listParams, listed } from './internal/list-params.js';

/** ListObjects (v1): marker paging; NextMarker only for delimited, truncated pages. */
export const listObjects: Handler = async (c, deps) => {
  const p = listParams(c);
  const marker = c.get('target').query.get('marker') || undefined;
  const page = await deps.layer.listObjects(p.bucket, {
    prefix: p.prefix,
    delimiter: p.delimiter,
    startAfter: marker,
    maxKeys: p.maxKeys,
  });
  return xml(
    c,
    serializeListObjectsV1({
      name: p.bucket,
      prefix: p.prefix,
      marker,
      maxKeys: p.maxKeys,
      delimiter: p.delimiter,
      isTruncated: page.isTruncated,
      nextMarker: page.lastReturned,
      contents: listed(page.objects, c.get('owner')),
      commonPrefixes: page.commonPrefixes,
      encodingType: p.encodingType,
    }),
  );
};
