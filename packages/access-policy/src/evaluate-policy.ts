import type { CompiledPrincipals, CompiledStatement } from './compiled-statement.js';
import type { ContextLookup } from './internal/context-lookup.js';
import { principalValue } from './internal/principal-context.js';
import type { BucketPolicy } from './parse-policy.js';
import type { PolicyDecision, PolicyPrincipal, PolicyRequest } from './policy-request.js';

/**
 * Whether `principals` name `principal`. `*` names everyone, anonymous callers included; an
 * account id or root ARN names every user of that account; a user ARN names that user; a
 * canonical id names its account (and so its users). `Service` and `Federated` name no Strata
 * caller.
 */
function names(principals: CompiledPrincipals, principal: PolicyPrincipal): boolean {
  if (principals.everyone) return true;
  if (principal.type === 'anonymous') return false;
  return (
    principals.accounts.has(principal.account) ||
    principals.arns.has(principal.arn) ||
    (principals.canonicalIds.size > 0 &&
      principals.canonicalIds.has(principal.canonicalId.toLowerCase()))
  );
}

/** Whether `statement` applies to the request: every element matches and every condition holds. */
function applies(
  statement: CompiledStatement,
  request: PolicyRequest,
  action: string,
  lookup: ContextLookup,
): boolean {
  // Cheapest first: a set lookup, then principal sets, then patterns and conditions.
  if (statement.actions.test(action) === statement.notAction) return false;
  if (names(statement.principals, request.principal) === statement.notPrincipal) return false;
  const resource = statement.resources.some((r) => r.test(request.resource, lookup));
  if (resource === statement.notResource) return false;
  return statement.conditions.every((condition) => condition.test(lookup));
}

/**
 * Evaluates `request` against a bucket policy as AWS evaluates a resource-based policy: an
 * explicit deny wins over any allow; an allow applies when no deny does; otherwise `'none'`
 * (no statement applies, so the policy neither grants nor refuses).
 *
 * A statement applies when its `Principal` names the caller (or `NotPrincipal` does not), its
 * `Action`/`NotAction` matches the action (case-insensitively), its `Resource`/`NotResource`
 * matches the resource (case-sensitively, with policy variables put in), and every condition
 * holds. The principal condition keys (`aws:PrincipalAccount`, `aws:PrincipalArn`,
 * `aws:PrincipalType`, `aws:username`, `aws:userid`) come from `request.principal` unless
 * `request.context` gives them. Never throws for a compiled policy.
 *
 * @example
 * ```ts
 * evaluatePolicy(policy, {
 *   principal: { type: 'anonymous' },
 *   action: 's3:GetObject',
 *   resource: 'arn:aws:s3:::photos/public/cat.jpg',
 *   context: () => undefined,
 * }); // 'allow'
 * ```
 */
export function evaluatePolicy(policy: BucketPolicy, request: PolicyRequest): PolicyDecision {
  const action = request.action.toLowerCase();
  const { context, principal } = request;
  const lookup: ContextLookup = (key) => context(key) ?? principalValue(principal, key);
  let allowed = false;
  for (const statement of policy.statements) {
    if (statement.effect === 'Allow' && allowed) continue;
    if (!applies(statement, request, action, lookup)) continue;
    if (statement.effect === 'Deny') return 'deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'none';
}
