import { objectOf, type Handler } from './internal/handler.js';

/** DeleteObject: 204 whether or not the key existed, as S3 answers. */
export const deleteObject: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  await deps.layer.deleteObject({ bucket, key });
  return c.body(null, 204);
};
