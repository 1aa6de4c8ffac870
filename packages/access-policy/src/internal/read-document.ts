import type { Fault } from './fault.js';
import { REASONS } from './reasons.js';

/**
 * The first name that one object of `text` (valid JSON) holds twice, or `undefined`.
 * `JSON.parse` silently keeps the last; S3 refuses the document ("Statement/policy already has
 * instance of …"), and so must we, or `{"Effect":"Allow","Effect":"Deny"}` would mean one thing
 * here and another to a reader of the text.
 */
export function duplicateName(text: string): string | undefined {
  const open: (Set<string> | undefined)[] = [];
  let expectName = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '{') {
      open.push(new Set());
      expectName = true;
    } else if (char === '[') {
      open.push(undefined);
    } else if (char === '}' || char === ']') {
      open.pop();
    } else if (char === ',') {
      expectName = open.at(-1) !== undefined;
    } else if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const names = open.at(-1);
      if (expectName && names !== undefined) {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (names.has(name)) return name;
        names.add(name);
        expectName = false;
      }
      i = end;
    }
  }
  return undefined;
}

/**
 * The policy document in `text`, checked as S3 checks it before reading any element: the first
 * byte is `{`, the text is JSON without duplicate names, and the normalized document (JSON
 * without white space) is at most `maxBytes` bytes of UTF-8.
 */
export function readDocument(
  text: string,
  maxBytes: number,
  fault: Fault,
): Record<string, unknown> {
  if (!text.startsWith('{')) fault(REASONS.notJson);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return fault(REASONS.invalidJson, error instanceof Error ? error.message : String(error));
  }
  const duplicate = duplicateName(text);
  if (duplicate !== undefined) fault(REASONS.duplicate(duplicate));
  if (Number.isFinite(maxBytes) && Buffer.byteLength(JSON.stringify(document)) > maxBytes) {
    fault(REASONS.tooLarge(maxBytes));
  }
  return document as Record<string, unknown>;
}
