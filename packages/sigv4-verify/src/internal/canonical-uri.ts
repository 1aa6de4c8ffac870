import { percentDecode, uriEncode } from './uri-encode.js';

/**
 * The canonical URI forms a signature may have been computed over, most likely first.
 *
 * For S3 (`uriEscapePath: false`, what every AWS SDK uses for S3) the canonical URI is the path
 * exactly as the client sent it: S3 neither normalizes `.`/`..`/`//` nor double-encodes. A
 * second candidate, the path decoded and re-encoded per RFC 3986, accepts clients or proxies
 * that encode a few characters differently (`%7E` vs `~`, lower-case hex, a raw `!`). Both forms
 * decode to the same key, so accepting either never authorizes a different resource.
 *
 * For other services (`uriEscapePath: true`) the path is normalized and encoded once more, as
 * `@smithy/signature-v4` does.
 */
export function canonicalUriCandidates(rawPath: string, uriEscapePath: boolean): string[] {
  const path = rawPath === '' ? '/' : rawPath;
  if (uriEscapePath) return [normalizeAndEscape(path)];
  const reencoded = uriEncode(percentDecode(path), true);
  return reencoded === path ? [path] : [path, reencoded];
}

function normalizeAndEscape(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${trailing}`;
  return uriEncode(Buffer.from(normalized, 'utf8'), true);
}
