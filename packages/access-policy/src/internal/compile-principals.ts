import type { CompiledPrincipals } from '../compiled-statement.js';
import type { Fault } from './fault.js';
import { REASONS } from './reasons.js';

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:aws:iam::(\d{12}):root$/;
// IAM user and role names and path segments: letters, digits and `+=,.@_-` (IAM quotas).
const IDENTITY_ARN = /^arn:aws:iam::\d{12}:(?:user|role)\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const CANONICAL_ID = /^[0-9a-f]{64}$/i;
const PRINCIPAL_TYPES = new Set(['AWS', 'CanonicalUser', 'Service', 'Federated']);

interface Collected {
  everyone: boolean;
  readonly accounts: Set<string>;
  readonly arns: Set<string>;
  readonly canonicalIds: Set<string>;
  readonly others: string[];
}

function addAws(value: string, into: Collected, fault: Fault): void {
  if (value === '*') {
    into.everyone = true;
    return;
  }
  const root = ROOT_ARN.exec(value);
  if (ACCOUNT_ID.test(value)) into.accounts.add(value);
  else if (root !== null) into.accounts.add(root[1]!);
  else if (IDENTITY_ARN.test(value)) into.arns.add(value);
  else fault(REASONS.principal, value); // partial wildcards included: IAM allows only "*"
}

/**
 * Compiles a `Principal` or `NotPrincipal` element: `"*"`, or an object of `AWS` (`"*"`, an
 * account id, an account root ARN, an IAM user or role ARN), `CanonicalUser` (64 hex digits),
 * `Service` and `Federated`, each one string or a non-empty array.
 */
export function compilePrincipals(raw: unknown, fault: Fault): CompiledPrincipals {
  const into: Collected = {
    everyone: false,
    accounts: new Set(),
    arns: new Set(),
    canonicalIds: new Set(),
    others: [],
  };
  if (raw === '*') return { ...into, everyone: true };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fault(REASONS.principal, raw);
  const entries = Object.entries(raw);
  if (entries.length === 0) fault(REASONS.principal, raw);
  for (const [type, value] of entries) {
    if (!PRINCIPAL_TYPES.has(type)) fault(REASONS.principal, type);
    const list = Array.isArray(value) ? (value as unknown[]) : [value];
    if (list.length === 0) fault(REASONS.principal, value);
    for (const item of list) {
      if (typeof item !== 'string' || item === '') fault(REASONS.principal, item);
      const text = item;
      if (type === 'AWS') addAws(text, into, fault);
      else if (type === 'CanonicalUser') {
        if (!CANONICAL_ID.test(text)) fault(REASONS.principal, text);
        into.canonicalIds.add(text.toLowerCase());
      } else {
        if (text.includes('*')) fault(REASONS.principal, text);
        into.others.push(`${type}:${text}`);
      }
    }
  }
  return into;
}
