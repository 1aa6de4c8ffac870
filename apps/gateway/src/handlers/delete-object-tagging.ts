import { objectOf, type Handler } from './internal/handler.js';
import { setVersionIdHeader, versionIdOf } from './internal/version-id.js';
import { originOf } from './internal/origin.js';

/**
 * DeleteObjectTagging: removes every tag of the current version (a `versionId` must name it);
 * 204 as S3 answers.
 */
export const deleteObjectTagging: Handler = async (c, deps) => {
  const { versionId } = await deps.layer.deleteObjectTagging({
    ...objectOf(c),
    versionId: versionIdOf(c),
    origin: originOf(c),
  });
  setVersionIdHeader(c, versionId);
  return c.body(null, 204);
};
