import type { CompiledActions } from '../compiled-statement.js';
import { S3_ACTIONS, type S3ActionResource } from '../s3-actions.js';
import type { Fault } from './fault.js';
import { REASONS } from './reasons.js';
import { stringList } from './string-list.js';
import { globRegExp, globTokens } from './wildcard.js';

/** The known actions, lower-cased, with their resource type. */
const KNOWN = new Map([...S3_ACTIONS].map(([name, kind]) => [name.toLowerCase(), kind]));

/** An `Action`/`NotAction` element compiled, and the resource types each pattern reaches. */
export interface ActionsAndKinds {
  readonly actions: CompiledActions;
  /** For each pattern, the resource types of the known actions it matches. */
  readonly kinds: readonly ReadonlySet<S3ActionResource>[];
}

/**
 * Compiles `Action` or `NotAction`: `*`, or `s3:` names with `*`/`?` wildcards, compared without
 * regard to case. Each pattern must match a known S3 action ("Policy has invalid action").
 */
export function compileActions(raw: unknown, fault: Fault): ActionsAndKinds {
  const patterns = stringList(raw, fault, REASONS.action);
  const known = new Set<string>();
  const kinds: Set<S3ActionResource>[] = [];
  const regexps: RegExp[] = [];
  let all = false;
  for (const pattern of patterns) {
    const lower = pattern.toLowerCase();
    if (lower !== '*' && !lower.startsWith('s3:')) fault(REASONS.action, pattern);
    all ||= lower === '*' || lower === 's3:*';
    const regexp = globRegExp(globTokens(lower === '*' ? 's3:*' : lower));
    const reached = new Set<S3ActionResource>();
    for (const [name, kind] of KNOWN) {
      if (!regexp.test(name)) continue;
      known.add(name);
      reached.add(kind);
    }
    if (reached.size === 0) fault(REASONS.action, pattern);
    kinds.push(reached);
    regexps.push(regexp);
  }
  const test = (action: string): boolean => {
    if (all) return true;
    // A known action was expanded at parse time; another one (a name newer than this list)
    // is still compared with the patterns as written.
    if (KNOWN.has(action)) return known.has(action);
    return regexps.some((regexp) => regexp.test(action));
  };
  return { actions: { patterns, all, known, test }, kinds };
}
