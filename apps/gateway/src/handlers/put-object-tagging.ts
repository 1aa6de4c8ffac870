import { parseTagging } from '@strata/s3-xml';
import { verifyBodyDigests } from '../http/integrity-check.js';
import { readXmlBody } from './internal/xml-body.js';
import { objectOf, type Handler } from './internal/handler.js';

/**
 * PutObjectTagging: replaces the current version's tags with the body's tag set, checked as S3
 * checks it (BadRequest over 10 tags, InvalidTag, MalformedXML); `Content-MD5` and
 * `x-amz-checksum-*` are verified when sent.
 */
export const putObjectTagging: Handler = async (c, deps) => {
  const target = objectOf(c);
  const body = await readXmlBody(c, deps);
  verifyBodyDigests(c.req.raw.headers, body);
  await deps.layer.putObjectTagging({ ...target, tags: parseTagging(body.toString('utf8')) });
  return c.body(null, 200);
};
