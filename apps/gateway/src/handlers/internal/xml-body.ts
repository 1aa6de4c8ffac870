import type { Context } from 'hono';
import type { GatewayDeps } from '../../deps.js';
import type { GatewayEnv } from '../../env.js';
import { readSmallBody } from '../../http/open-request-body.js';

/** Cap of an XML request body when the configuration sets none (`max_xml_body`). */
export const DEFAULT_MAX_XML_BODY = 1 << 20;

/**
 * The request's XML document (CreateBucket, DeleteObjects, CompleteMultipartUpload), read
 * through the body owner under the configured cap.
 *
 * @throws S3Error as `readSmallBody` does (`MaxMessageLengthExceeded`, `BadDigest`, …).
 */
export function readXmlBody(c: Context<GatewayEnv>, deps: GatewayDeps): Promise<Buffer> {
  return readSmallBody(c, deps.maxXmlBody ?? DEFAULT_MAX_XML_BODY);
}
