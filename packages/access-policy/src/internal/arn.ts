import type { ContextLookup } from './context-lookup.js';
import { hasVariable, parseTemplate, resolveTokens, type TemplateOptions } from './template.js';
import { globRegExp, matchGlob, type GlobToken } from './wildcard.js';

/**
 * The six colon-separated components of an ARN (`arn:partition:service:region:account:resource`);
 * the resource keeps any further colons. `undefined` when `text` has fewer than six.
 */
export function splitArn(text: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i += 1) {
    const colon = text.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(text.slice(start, colon));
    start = colon + 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/** `tokens` cut into the six ARN components at the first five literal colons. */
function splitTokens(tokens: readonly GlobToken[]): GlobToken[][] | undefined {
  const segments: GlobToken[][] = [[]];
  for (const token of tokens) {
    if (token === ':' && segments.length < 6) segments.push([]);
    else segments[segments.length - 1]!.push(token);
  }
  return segments.length === 6 ? segments : undefined;
}

type ArnTest = (value: string, lookup: ContextLookup) => boolean;

function segmentsTest(segments: readonly (readonly GlobToken[])[] | undefined): ArnTest {
  if (segments === undefined) return () => false;
  const regexps = segments.map(globRegExp);
  return (value) => {
    const parts = splitArn(value);
    return parts !== undefined && regexps.every((regexp, i) => regexp.test(parts[i]!));
  };
}

/**
 * An `Arn…` condition value: "Each of the six colon-delimited components of the ARN is checked
 * separately and each can include multi-character match wildcards (*) or single-character match
 * wildcards (?)" (IAM condition operators, ARN). A policy variable may stand for several
 * components (`${aws:PrincipalArn}`): the value is cut into components after it is put in. A
 * value that is not six components matches nothing.
 */
export function compileArnPattern(source: string, options: TemplateOptions): ArnTest {
  const parts = parseTemplate(source, { ...options, wildcards: true });
  if (!hasVariable(parts)) {
    const tokens = parts.flatMap((p): GlobToken[] =>
      typeof p === 'string' ? Array.from(p) : [p as GlobToken],
    );
    return segmentsTest(splitTokens(tokens));
  }
  return (value, lookup) => {
    const tokens = resolveTokens(parts, lookup);
    const segments = tokens === undefined ? undefined : splitTokens(tokens);
    const values = splitArn(value);
    if (segments === undefined || values === undefined) return false;
    return segments.every((segment, i) => matchGlob(segment, Array.from(values[i]!)));
  };
}
