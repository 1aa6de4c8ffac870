import { objectOf, type Handler } from './internal/handler.js';
import { uploadIdOf } from './internal/query-params.js';

/** AbortMultipartUpload: `NoSuchUpload` for unknown or finished uploads. */
export const abortMultipartUpload: Handler = async (c, deps) => {
  const { bucket, key } = objectOf(c);
  await deps.layer.abortMultipartUpload({ bucket, key, uploadId: uploadIdOf(c) });
  return c.body(null, 204);
};
