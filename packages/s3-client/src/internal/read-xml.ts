import { S3TransportError } from '../s3-transport-error.js';
import { errorFromXml } from './parse-error-response.js';
import { readText } from './read-text.js';
import type { S3Response } from './send.js';
import { parseXml, type XmlNode } from './xml.js';

/** Listings of 1 000 keys of up to 1 024 bytes each fit well below this. */
export const MAX_XML_BODY = 8 * 1024 * 1024;

/**
 * Reads a 2xx XML reply and returns its root element. CopyObject, UploadPartCopy and
 * CompleteMultipartUpload can fail after the 200 status went out; the failure then arrives as
 * an `<Error>` body, which is thrown here like any error reply (and retried the same way).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
 *
 * @throws S3ClientError for an `<Error>` body; S3TransportError (`ENETWORK`) for a body that is
 *   too big, not XML, or has another root than `rootName`.
 */
export async function readXml(res: S3Response, rootName: string): Promise<XmlNode> {
  const text = await readText(res.body, MAX_XML_BODY);
  const root = text === undefined ? undefined : parseXml(text);
  if (root?.name === 'Error') throw errorFromXml(root, res.status, res.headers, res.attempts);
  if (root?.name !== rootName) {
    const what = text === undefined ? 'over the size cap' : `not a <${rootName}> document`;
    throw new S3TransportError('ENETWORK', `reply body is ${what}`, { attempts: res.attempts });
  }
  return root;
}
