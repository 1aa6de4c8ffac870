import type { ContextLookup } from './context-lookup.js';
import { ONE, STAR, type GlobToken } from './wildcard.js';

/** A policy variable: `${aws:username}`, or with a default, `${aws:username, 'nobody'}`. */
export interface PolicyVariable {
  /** The key, lower-cased (keys compare without regard to case). */
  readonly key: string;
  readonly fallback: string | undefined;
}

/** One piece of a policy value: literal text, a wildcard, or a policy variable. */
export type TemplatePart = string | typeof STAR | typeof ONE | PolicyVariable;

/** How a policy value is read: with policy variables (Version 2012-10-17) and/or wildcards. */
export interface TemplateOptions {
  readonly variables: boolean;
  readonly wildcards: boolean;
}

// `${key}` or `${key, 'default'}`. A `${` that is not one of these stays literal text.
const VARIABLE = /\$\{\s*([^\s,}'$]+)\s*(?:,\s*'([^']*)'\s*)?\}/y;
// IAM's escapes for characters that would otherwise be special: `${*}`, `${?}`, `${$}`.
const ESCAPE = /\$\{([*?$])\}/y;

/**
 * The parts of `text`. Without variables (Version 2008-10-17 or none), `${…}` is literal text,
 * as IAM reads it. Escaped `*`, `?` and `$` are literal, never wildcards.
 */
export function parseTemplate(text: string, options: TemplateOptions): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push(literal);
    literal = '';
  };
  for (let i = 0; i < text.length;) {
    const char = text[i]!;
    if (options.variables && char === '$' && text[i + 1] === '{') {
      ESCAPE.lastIndex = i;
      const escape = ESCAPE.exec(text);
      if (escape !== null) {
        literal += escape[1];
        i = ESCAPE.lastIndex;
        continue;
      }
      VARIABLE.lastIndex = i;
      const variable = VARIABLE.exec(text);
      if (variable !== null && variable[1]!.includes(':')) {
        flush();
        parts.push({ key: variable[1]!.toLowerCase(), fallback: variable[2] });
        i = VARIABLE.lastIndex;
        continue;
      }
    }
    if (options.wildcards && (char === '*' || char === '?')) {
      flush();
      parts.push(char === '*' ? STAR : ONE);
    } else {
      literal += char;
    }
    i += 1;
  }
  flush();
  return parts;
}

/** Whether `parts` hold a policy variable. */
export function hasVariable(parts: readonly TemplatePart[]): boolean {
  return parts.some((part) => typeof part === 'object');
}

/** The literal text of `parts` (wildcards and variables left out). */
export function literalText(parts: readonly TemplatePart[]): string {
  return parts.filter((part): part is string => typeof part === 'string').join('');
}

/** The keys of the policy variables in `parts`. */
export function variableKeys(parts: readonly TemplatePart[]): string[] {
  return parts.flatMap((part) => (typeof part === 'object' ? [part.key] : []));
}

/**
 * The value of a policy variable for this request: the key's value, else the default.
 * `undefined` (no value, no default) makes the policy value it is in match nothing. A
 * multi-valued key has no single value to put in, so it counts as absent.
 */
export function resolveVariable(
  variable: PolicyVariable,
  lookup: ContextLookup,
): string | undefined {
  const value = lookup(variable.key);
  return typeof value === 'string' ? value : variable.fallback;
}

/** The glob tokens of `parts` with each variable replaced (as literal text) for this request. */
export function resolveTokens(
  parts: readonly TemplatePart[],
  lookup: ContextLookup,
): GlobToken[] | undefined {
  const tokens: GlobToken[] = [];
  for (const part of parts) {
    if (typeof part === 'number') {
      tokens.push(part);
      continue;
    }
    const text = typeof part === 'string' ? part : resolveVariable(part, lookup);
    if (text === undefined) return undefined;
    for (const char of text) tokens.push(char);
  }
  return tokens;
}

/** The glob tokens of `parts`, each variable read as `*` (what it could stand for). */
export function widenTokens(parts: readonly TemplatePart[]): GlobToken[] {
  return parts.flatMap((part): GlobToken[] =>
    typeof part === 'object' ? [STAR] : typeof part === 'number' ? [part] : Array.from(part),
  );
}
