import { serializeObjectRetention } from '@strata/s3-xml';
import { objectOf, xml, type Handler } from './internal/handler.js';
import { versionIdOf } from './internal/version-id.js';

/** GetObjectRetention (`?retention`): the mode and retain-until date of a version. */
export const getObjectRetention: Handler = async (c, deps) => {
  const { retention } = await deps.layer.getObjectRetention({
    ...objectOf(c),
    versionId: versionIdOf(c),
  });
  return xml(
    c,
    serializeObjectRetention({ mode: retention.mode, retainUntilDate: retention.retainUntil }),
  );
};
