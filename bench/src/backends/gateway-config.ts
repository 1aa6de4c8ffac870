import type { RunningTarget } from '../targets/target.js';

/**
 * A `strata.yaml` whose only backend is `{ type: s3 }` on `server`'s bucket `bucket`: the
 * gateway stores every object there and nowhere else. Values are JSON strings, which YAML reads
 * as double-quoted scalars, so no key or URL needs escaping rules of its own.
 */
export function serializeGatewayConfig(
  name: string,
  server: Pick<RunningTarget, 'endpoint' | 'accessKeyId' | 'secretAccessKey'>,
  bucket: string,
): string {
  const q = (value: string): string => JSON.stringify(value);
  return [
    'backends:',
    `  - name: ${q(name)}`,
    '    type: s3',
    `    endpoint: ${q(server.endpoint)}`,
    `    bucket: ${q(bucket)}`,
    `    access_key_id: ${q(server.accessKeyId)}`,
    `    secret_access_key: ${q(server.secretAccessKey)}`,
    '    force_path_style: true',
    '',
  ].join('\n');
}
