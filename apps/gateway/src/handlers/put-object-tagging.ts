import { parseTagging } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { objectOf, type Handler } from './internal/handler.js';
import { setVersionIdHeader, versionIdOf } from './internal/version-id.js';
import { originOf } from './internal/origin.js';

/**
 * PutObjectTagging: replaces the current version's tags with the body's tag set, checked as S3
 * checks it (BadRequest over 10 tags, InvalidTag, MalformedXML); `Content-MD5` and
 * `x-amz-checksum-*` are verified when sent. A `versionId` must name the current version.
 */
export const putObjectTagging: Handler = async (c, deps) => {
  const target = objectOf(c);
  const xml = await readVerifiedXml(c, deps, 'optional');
  const { versionId } = await deps.layer.putObjectTagging({
    ...target,
    versionId: versionIdOf(c),
    tags: parseTagging(xml),
    origin: originOf(c),
  });
  setVersionIdHeader(c, versionId);
  return c.body(null, 200);
};
