import { parseObjectRetention } from '@strata/s3-xml';
import { bypassGovernanceOf } from '../http/object-lock.js';
import { readVerifiedXml } from './internal/xml-body.js';
import { objectOf, type Handler } from './internal/handler.js';
import { versionIdOf } from './internal/version-id.js';

/**
 * PutObjectRetention (`?retention`): sets, extends or (with
 * `x-amz-bypass-governance-retention: true`) shortens or removes the retention of the current
 * version or `versionId`. S3 requires an integrity check on the body.
 */
export const putObjectRetention: Handler = async (c, deps) => {
  const target = objectOf(c);
  const parsed = parseObjectRetention(await readVerifiedXml(c, deps, 'required'));
  await deps.layer.putObjectRetention({
    ...target,
    versionId: versionIdOf(c),
    retention:
      parsed.mode === undefined || parsed.retainUntilDate === undefined
        ? undefined
        : { mode: parsed.mode, retainUntil: parsed.retainUntilDate },
    bypassGovernance: bypassGovernanceOf(c.req.raw.headers),
  });
  return c.body(null, 200);
};
