import type { Handler } from './internal/handler.js';
import { readObjectInput, readResponseHeaders } from './internal/read-object.js';

/** HeadObject: the same headers as GetObject, no body. */
export const headObject: Handler = async (c, deps) => {
  const out = await deps.layer.headObject(readObjectInput(c));
  const { status, headers } = readResponseHeaders(c, deps, out);
  return c.body(null, status, headers);
};
