/**
 * IAM wildcards: `*` matches any run of characters (`/` included), `?` exactly one. A pattern
 * is a list of glob tokens: a one-character string is a literal, {@link STAR} and {@link ONE}
 * are the wildcards. Characters are Unicode code points, as JavaScript's `u` regexps see them.
 */
export const STAR = 0;
/** The `?` wildcard token. */
export const ONE = 1;

/** One token of a glob: a literal code point, `*` or `?`. */
export type GlobToken = string | typeof STAR | typeof ONE;

/** The glob tokens of `pattern`, where `*` and `?` are wildcards. */
export function globTokens(pattern: string): GlobToken[] {
  return Array.from(pattern, (char) => (char === '*' ? STAR : char === '?' ? ONE : char));
}

/** Whether `pattern` has a `*` or `?`. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

const REGEXP_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/** An anchored RegExp for `tokens`, compiled once at parse time. */
export function globRegExp(tokens: readonly GlobToken[]): RegExp {
  let source = '';
  for (const token of tokens) {
    if (token === STAR) source += '.*';
    else if (token === ONE) source += '.';
    else source += token.replace(REGEXP_SYNTAX, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}

/**
 * Whether `tokens` match all of `text` (given as code points). The classic linear wildcard
 * match with one backtrack point: on a mismatch, the last `*` takes one more character. Used
 * where a pattern is only known per request (policy variables); fixed patterns use a RegExp.
 */
export function matchGlob(tokens: readonly GlobToken[], text: readonly string[]): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1;
  let starText = 0;
  while (t < text.length) {
    const token = tokens[p];
    if (token !== undefined && token !== STAR && (token === ONE || token === text[t])) {
      p += 1;
      t += 1;
    } else if (token === STAR) {
      starAt = p;
      starText = t;
      p += 1;
    } else if (starAt >= 0) {
      starText += 1;
      p = starAt + 1;
      t = starText;
    } else {
      return false;
    }
  }
  while (tokens[p] === STAR) p += 1;
  return p === tokens.length;
}

/**
 * Whether a glob of literal `pieces` joined by `*` (no `?`) matches all of `text`: the first
 * piece is a prefix, the last a suffix, the others found leftmost in between, which is exact
 * for `*`-only globs and allocates nothing.
 */
export function matchStarPieces(pieces: readonly string[], text: string): boolean {
  const first = pieces[0]!;
  if (pieces.length === 1) return text === first;
  const last = pieces[pieces.length - 1]!;
  const end = text.length - last.length;
  if (end < first.length || !text.startsWith(first) || !text.endsWith(last)) return false;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i += 1) {
    const found = text.indexOf(pieces[i]!, at);
    if (found < 0 || found + pieces[i]!.length > end) return false;
    at = found + pieces[i]!.length;
  }
  return true;
}

/**
 * Whether some string that starts with `prefix` matches `tokens`. Every state a glob reaches
 * can still be completed (the rest of the pattern read literally), so this holds exactly when
 * reading `prefix` leaves a state alive.
 */
export function globAcceptsPrefix(tokens: readonly GlobToken[], prefix: string): boolean {
  let states = closure(tokens, new Set([0]));
  for (const char of prefix) {
    const next = new Set<number>();
    for (const p of states) {
      const token = tokens[p];
      if (token === STAR) next.add(p);
      else if (token === ONE || token === char) next.add(p + 1);
    }
    states = closure(tokens, next);
    if (states.size === 0) return false;
  }
  return true;
}

/** `states` plus every position reached by letting a `*` match nothing. */
function closure(tokens: readonly GlobToken[], states: Set<number>): Set<number> {
  for (const p of states) {
    if (tokens[p] === STAR) states.add(p + 1);
  }
  return states;
}
