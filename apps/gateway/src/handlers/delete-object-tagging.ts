import { objectOf, type Handler } from './internal/handler.js';

/** DeleteObjectTagging: removes every tag of the current version; 204 as S3 answers. */
export const deleteObjectTagging: Handler = async (c, deps) => {
  await deps.layer.deleteObjectTagging(objectOf(c));
  return c.body(null, 204);
};
