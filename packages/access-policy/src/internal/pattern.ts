import type { ContextLookup } from './context-lookup.js';
import {
  hasVariable,
  parseTemplate,
  resolveTokens,
  resolveVariable,
  variableKeys,
  type TemplateOptions,
  type TemplatePart,
} from './template.js';
import { ONE, globRegExp, matchGlob, matchStarPieces, type GlobToken } from './wildcard.js';

/**
 * A policy value compiled for matching: a resource, a `StringLike` value, an ARN segment. A
 * fixed pattern (no variable) is compared as a string or a RegExp built once; one with policy
 * variables is resolved per request and matched without building a RegExp.
 */
export interface CompiledPattern {
  /** The value as the policy wrote it. */
  readonly source: string;
  /** Lower-cased keys of the policy variables it reads (empty for most values). */
  readonly variables: readonly string[];
  /** Whether it holds a wildcard (`*`, `?`) or a policy variable: it may match many values. */
  readonly wide: boolean;
  /** Whether `value` matches, with variables taken from `lookup`. */
  test(value: string, lookup: ContextLookup): boolean;
}

/** Compiles `source` (wildcards and variables as `options` allow). */
export function compilePattern(source: string, options: TemplateOptions): CompiledPattern {
  const parts = parseTemplate(source, options);
  const variables = variableKeys(parts);
  if (hasVariable(parts)) {
    return { source, variables, wide: true, test: dynamicTest(parts) };
  }
  const tokens = parts.flatMap((part): GlobToken[] =>
    typeof part === 'string' ? Array.from(part) : [part as GlobToken],
  );
  if (tokens.every((token) => typeof token === 'string')) {
    const literal = tokens.join('');
    return { source, variables, wide: false, test: (value) => value === literal };
  }
  const regexp = globRegExp(tokens);
  return { source, variables, wide: true, test: (value) => regexp.test(value) };
}

function dynamicTest(parts: readonly TemplatePart[]): CompiledPattern['test'] {
  if (parts.includes(ONE)) {
    return (value, lookup) => {
      const tokens = resolveTokens(parts, lookup);
      return tokens !== undefined && matchGlob(tokens, Array.from(value));
    };
  }
  // `*` only (the usual `home/${aws:username}/*`): literal pieces between the stars, put
  // together per request and matched without building tokens or a RegExp.
  return (value, lookup) => {
    const pieces = [''];
    for (const part of parts) {
      if (typeof part === 'number') {
        // A wildcard; `?` was ruled out above, so it is a `*`.
        pieces.push('');
        continue;
      }
      const text = typeof part === 'string' ? part : resolveVariable(part, lookup);
      if (text === undefined) return false;
      pieces[pieces.length - 1] += text;
    }
    return matchStarPieces(pieces, value);
  };
}
