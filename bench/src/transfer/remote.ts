import type { S3HttpClient } from '../s3-http-client.js';

/** Every key under `prefix/` with its size (ListObjectsV2 pages of 1 000). */
export async function listRemote(
  client: S3HttpClient,
  bucket: string,
  prefix: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let token: string | undefined;
  do {
    const xml = await client.listPage(bucket, {
      prefix: `${prefix}/`,
      'max-keys': '1000',
      ...(token === undefined ? {} : { 'continuation-token': token }),
    });
    for (const [, body] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
      const key = /<Key>([^<]*)<\/Key>/.exec(body ?? '')?.[1];
      const size = /<Size>(\d+)<\/Size>/.exec(body ?? '')?.[1];
      // The bench's keys hold no XML-escaped characters, so the text is the key.
      if (key !== undefined && size !== undefined) out.set(key, Number(size));
    }
    token = /<NextContinuationToken>([^<]+)<\/NextContinuationToken>/.exec(xml)?.[1];
  } while (token !== undefined);
  return out;
}

/** Deletes every key under `prefix/`, 16 at once (a server's memory is freed between tools). */
export async function deleteRemote(
  client: S3HttpClient,
  bucket: string,
  prefix: string,
): Promise<void> {
  const keys = [...(await listRemote(client, bucket, prefix)).keys()];
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++];
      if (key !== undefined) await client.delete(bucket, key);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}
