import { serializeTagging } from '@strata/s3-xml';
import { objectOf, xml, type Handler } from './internal/handler.js';
import { setReadVersionIdHeader, versionIdOf } from './internal/version-id.js';

/** GetObjectTagging: the tag set (empty when none) of the current version or of `versionId`. */
export const getObjectTagging: Handler = async (c, deps) => {
  const { versionId, tags } = await deps.layer.getObjectTagging({
    ...objectOf(c),
    versionId: versionIdOf(c),
  });
  setReadVersionIdHeader(c, versionId);
  return xml(c, serializeTagging(tags));
};
