import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern } from './internal/pattern.js';
import {
  STAR,
  matchStarPieces,
  globAcceptsPrefix,
  globRegExp,
  globTokens,
  matchGlob,
  type GlobToken,
} from './internal/wildcard.js';
import { MalformedPolicyError } from './malformed-policy-error.js';
import { parsePolicy } from './parse-policy.js';
import { askArb, documentArb, statementArb } from './testing/arbitraries.js';
import { BUCKET, compile, decide } from './testing/policies.js';

// `FUZZ_RUNS` raises the runs (as for the repository's other fuzz tests); the default keeps
// this file to a few seconds.
const numRuns = Number(process.env.FUZZ_RUNS) || 200;

/** The reference: IAM wildcards by their definition, by recursion over code points. */
function reference(pattern: readonly GlobToken[], text: readonly string[]): boolean {
  const [head, ...rest] = pattern;
  if (head === undefined) return text.length === 0;
  if (head === STAR) {
    return text.some((_, i) => reference(rest, text.slice(i))) || reference(rest, []);
  }
  if (text.length === 0) return false;
  return (head === 1 || head === text[0]) && reference(rest, text.slice(1));
}

/** Whether some string starting with `prefix` matches: a pattern prefix matches it whole. */
function referencePrefix(pattern: readonly GlobToken[], prefix: readonly string[]): boolean {
  return (
    pattern.some(
      (_, i) =>
        reference(pattern.slice(0, i), prefix) ||
        (pattern[i] === STAR && reference(pattern.slice(0, i + 1), prefix)),
    ) || reference(pattern, prefix)
  );
}

// A wide alphabet for odd characters (astral code points, regexp syntax), and a narrow one so
// that pieces repeat and overlap, where greedy matchers go wrong (`*`-only globs take their own
// matcher).
const WIDE = fc.constantFrom('a', 'b', '/', '.', '*', '?', 'é', '😀', '$', '\\');
const NARROW = fc.constantFrom('a', 'b', '*', '*', '?');
const STARS = fc.constantFrom('a', 'b', '*');
const text = (max: number) =>
  fc
    .oneof(
      fc.array(WIDE, { maxLength: max }),
      fc.array(NARROW, { maxLength: max }),
      fc.array(STARS, { maxLength: max }),
    )
    .map((cs) => cs.join(''));

describe('wildcards', () => {
  it('the RegExp, the linear matcher and compiled patterns agree with the reference', () => {
    fc.assert(
      fc.property(text(8), text(10), (pattern, value) => {
        const tokens = globTokens(pattern);
        const chars = Array.from(value);
        const expected = reference(tokens, chars);
        expect(globRegExp(tokens).test(value)).toBe(expected);
        expect(matchGlob(tokens, chars)).toBe(expected);
        const compiled = compilePattern(pattern, { variables: false, wildcards: true });
        expect(compiled.test(value, () => undefined)).toBe(expected);
      }),
      { numRuns },
    );
  });
  it('the matcher of `*`-only globs agrees with the reference', () => {
    const ab = (max: number) => fc.array(fc.constantFrom('a', 'b'), { maxLength: max });
    fc.assert(
      fc.property(fc.array(STARS, { maxLength: 7 }), ab(7), (pattern, value) => {
        const expected = reference(globTokens(pattern.join('')), value);
        expect(matchStarPieces(pattern.join('').split('*'), value.join(''))).toBe(expected);
      }),
      // Cheap, and overlapping pieces are rare among small inputs: many more runs.
      { numRuns: numRuns * 20 },
    );
  });
  it('patterns with policy variables put the value in literally and match as the reference', () => {
    fc.assert(
      fc.property(text(4), text(6), text(8), (value, pattern, candidate) => {
        const compiled = compilePattern(`\${aws:x}${pattern}`, {
          variables: true,
          wildcards: true,
        });
        const tokens = [...Array.from(value), ...globTokens(pattern)];
        const lookup = (key: string) => (key === 'aws:x' ? value : undefined);
        expect(compiled.test(candidate, lookup)).toBe(reference(tokens, Array.from(candidate)));
        expect(compiled.test(value + candidate, lookup)).toBe(
          reference(tokens, Array.from(value + candidate)),
        );
      }),
      { numRuns },
    );
  });
  it('a pattern accepts a prefix exactly when some completion of it matches', () => {
    fc.assert(
      fc.property(text(6), text(6), (pattern, prefix) => {
        const tokens = globTokens(pattern);
        expect(globAcceptsPrefix(tokens, prefix)).toBe(referencePrefix(tokens, Array.from(prefix)));
      }),
      { numRuns },
    );
  });
});

describe('decisions', () => {
  it('a policy of Deny statements never allows', () => {
    fc.assert(
      fc.property(
        fc.array(statementArb(fc.constant('Deny')), { minLength: 1, maxLength: 5 }),
        askArb,
        (statements, ask) => {
          expect(decide(compile(statements), ask)).not.toBe('allow');
        },
      ),
      { numRuns },
    );
  });
  it('adding a Deny statement never turns a deny into anything else, and one that matches denies', () => {
    const effect = fc.constantFrom('Allow' as const, 'Deny' as const);
    fc.assert(
      fc.property(
        fc.array(statementArb(effect), { minLength: 1, maxLength: 5 }),
        statementArb(fc.constant('Deny')),
        fc.nat(),
        askArb,
        (statements, deny, at, ask) => {
          const before = decide(compile(statements), ask);
          const position = at % (statements.length + 1);
          const more = [...statements.slice(0, position), deny, ...statements.slice(position)];
          const after = decide(compile(more), ask);
          if (before === 'deny') expect(after).toBe('deny');
          if (decide(compile([deny]), ask) === 'deny') expect(after).toBe('deny');
          if (before === 'allow') expect(after).not.toBe('none');
        },
      ),
      { numRuns },
    );
  });
});

describe('parsePolicy on arbitrary input', () => {
  it('throws nothing but MalformedPolicyError, and what it accepts evaluates without throwing', () => {
    fc.assert(
      fc.property(documentArb, askArb, (document, ask) => {
        let policy;
        try {
          policy = parsePolicy(document, { bucket: BUCKET });
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedPolicyError);
          return;
        }
        expect(['allow', 'deny', 'none']).toContain(decide(policy, ask));
      }),
      { numRuns: numRuns * 5 },
    );
  });
});
