import type { CompiledStatement } from '../compiled-statement.js';
import { compileActions } from './compile-actions.js';
import { compileConditions } from './compile-conditions.js';
import { compilePrincipals } from './compile-principals.js';
import { compileResources } from './compile-resources.js';
import { faultAt, type Fault } from './fault.js';
import { REASONS } from './reasons.js';

const FIELDS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

/** Where a statement is read: its index, the bucket, whether policy variables are on. */
export interface StatementContext {
  readonly index: number;
  readonly bucket: string;
  readonly variables: boolean;
}

/** The one of `Name` / `NotName` that the statement has (S3 requires exactly one). */
function pick(
  statement: Record<string, unknown>,
  name: string,
  fault: (reason: string) => never,
): { value: unknown; not: boolean } {
  const plain = statement[name];
  const not = statement[`Not${name}`];
  if (plain !== undefined && not !== undefined) fault(REASONS.duplicate(name));
  if (plain === undefined && not === undefined) fault(REASONS.missing(name));
  return plain !== undefined ? { value: plain, not: false } : { value: not, not: true };
}

/**
 * One statement of a bucket policy, checked as PutBucketPolicy checks it and compiled. Throws
 * {@link MalformedPolicyError} naming the statement (its index and Sid) and the value at fault.
 */
export function compileStatement(raw: unknown, context: StatementContext): CompiledStatement {
  const { index } = context;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return faultAt(index)(REASONS.syntax, raw);
  }
  const statement = raw as Record<string, unknown>;
  const sid = statement.Sid;
  if (sid !== undefined && typeof sid !== 'string') return faultAt(index)(REASONS.syntax, sid);
  const fault: Fault = faultAt(index, sid);
  for (const name of Object.keys(statement)) {
    if (!FIELDS.has(name)) fault(REASONS.unknownField(name));
  }
  const effect = statement.Effect;
  if (effect === undefined) fault(REASONS.missing('Effect'));
  if (effect !== 'Allow' && effect !== 'Deny') {
    return fault(REASONS.effect(typeof effect === 'string' ? effect : JSON.stringify(effect)));
  }
  const principal = pick(statement, 'Principal', fault);
  const action = pick(statement, 'Action', fault);
  const resource = pick(statement, 'Resource', fault);
  const principals = compilePrincipals(principal.value, fault);
  const { actions, kinds: actionKinds } = compileActions(action.value, fault);
  const { resources, kinds } = compileResources(
    resource.value,
    context.bucket,
    context.variables,
    fault,
  );
  // "Action does not apply to any resource(s) in statement": every action pattern must name
  // an action of a resource type that one of the statement's resources is.
  if (!action.not && !resource.not) {
    for (const [i, reached] of actionKinds.entries()) {
      if (![...reached].some((kind) => kinds.has(kind))) {
        fault(REASONS.notApplicable, actions.patterns[i]);
      }
    }
  }
  const conditions =
    statement.Condition === undefined
      ? []
      : compileConditions(statement.Condition, context.variables, fault);
  return {
    index,
    sid,
    effect,
    principals,
    notPrincipal: principal.not,
    actions,
    notAction: action.not,
    resources,
    notResource: resource.not,
    conditions,
  };
}
