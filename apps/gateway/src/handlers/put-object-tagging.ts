import { parseTagging } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { objectOf, type Handler } from './internal/handler.js';

/**
 * PutObjectTagging: replaces the current version's tags with the body's tag set, checked as S3
 * checks it (BadRequest over 10 tags, InvalidTag, MalformedXML); `Content-MD5` and
 * `x-amz-checksum-*` are verified when sent.
 */
export const putObjectTagging: Handler = async (c, deps) => {
  const target = objectOf(c);
  const xml = await readVerifiedXml(c, deps, 'optional');
  await deps.layer.putObjectTagging({ ...target, tags: parseTagging(xml) });
  return c.body(null, 200);
};
