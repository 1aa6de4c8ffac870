import { serializeObjectLegalHold } from '@strata/s3-xml';
import { objectOf, xml, type Handler } from './internal/handler.js';
import { versionIdOf } from './internal/version-id.js';

/** GetObjectLegalHold (`?legal-hold`): whether a version's legal hold is ON or OFF. */
export const getObjectLegalHold: Handler = async (c, deps) => {
  const { on } = await deps.layer.getObjectLegalHold({ ...objectOf(c), versionId: versionIdOf(c) });
  return xml(c, serializeObjectLegalHold(on ? 'ON' : 'OFF'));
};
