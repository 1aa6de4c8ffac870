import { parseObjectLegalHold } from '@strata/s3-xml';
import { readVerifiedXml } from './internal/xml-body.js';
import { objectOf, type Handler } from './internal/handler.js';
import { versionIdOf } from './internal/version-id.js';

/**
 * PutObjectLegalHold (`?legal-hold`): turns the legal hold of the current version or
 * `versionId` ON or OFF. S3 requires an integrity check on the body.
 */
export const putObjectLegalHold: Handler = async (c, deps) => {
  const target = objectOf(c);
  const { status } = parseObjectLegalHold(await readVerifiedXml(c, deps, 'required'));
  await deps.layer.putObjectLegalHold({
    ...target,
    versionId: versionIdOf(c),
    on: status === 'ON',
  });
  return c.body(null, 200);
};
