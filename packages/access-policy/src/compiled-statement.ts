import type { ContextLookup } from './internal/context-lookup.js';
import type { CompiledPattern } from './internal/pattern.js';

export type { ContextLookup, CompiledPattern };

/** Set operators for multi-valued condition keys. */
export type ConditionSetOperator = 'ForAnyValue' | 'ForAllValues';

/** One key of one condition operator of a statement, compiled (dates, numbers, CIDRs parsed). */
export interface CompiledCondition {
  /** The condition type as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** The base operator, e.g. `StringLike`. */
  readonly base: string;
  /** The set operator prefix, if any: how a multi-valued key's values are tested. */
  readonly set: ConditionSetOperator | undefined;
  /** Whether the type ends in `IfExists`: a request without the key satisfies it. */
  readonly ifExists: boolean;
  /** Whether the operator is negated (`StringNotEquals`, `NotIpAddress`, …). */
  readonly negated: boolean;
  /** The condition key, lower-cased. */
  readonly key: string;
  /** The policy's values, as strings (numbers and booleans as JSON writes them). */
  readonly values: readonly string[];
  /** Whether every value is fixed: no wildcard (`*`, `?`) and no policy variable. */
  readonly fixed: boolean;
  /** Lower-cased keys of the policy variables in the values. */
  readonly variables: readonly string[];
  /** Whether the condition holds for a request with this context. */
  test(lookup: ContextLookup): boolean;
}

/** The principals a `Principal` or `NotPrincipal` element names. */
export interface CompiledPrincipals {
  /** `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included. */
  readonly everyone: boolean;
  /** 12-digit account ids, from an id or an `arn:aws:iam::<account>:root` ARN. */
  readonly accounts: ReadonlySet<string>;
  /** IAM user (and role) ARNs, exactly as written. */
  readonly arns: ReadonlySet<string>;
  /** Canonical user ids, lower-cased. */
  readonly canonicalIds: ReadonlySet<string>;
  /** `Service` and `Federated` principals: accepted, never a Strata caller. */
  readonly others: readonly string[];
}

/** The actions an `Action` or `NotAction` element names. */
export interface CompiledActions {
  /** The patterns as written. */
  readonly patterns: readonly string[];
  /** Whether a pattern is `*` or `s3:*`. */
  readonly all: boolean;
  /** Every action of {@link S3_ACTIONS} a pattern matches, lower-cased. */
  readonly known: ReadonlySet<string>;
  /** Whether `action` (lower-cased) matches a pattern. */
  test(action: string): boolean;
}

/**
 * One statement of a {@link BucketPolicy}, compiled once by {@link parsePolicy}: wildcards are
 * RegExps, action names lower-cased sets, dates, numbers and CIDRs parsed. Read by
 * {@link evaluatePolicy} and {@link isPublicPolicy}; callers need not look inside.
 */
export interface CompiledStatement {
  /** Index in the document's `Statement` (0 when it is a single object). */
  readonly index: number;
  /** The statement's `Sid`, if any. */
  readonly sid: string | undefined;
  /** `Allow` or `Deny`. */
  readonly effect: 'Allow' | 'Deny';
  /** The principals `Principal` (or `NotPrincipal`) names. */
  readonly principals: CompiledPrincipals;
  /** Whether the element was `NotPrincipal`. */
  readonly notPrincipal: boolean;
  /** The actions `Action` (or `NotAction`) names. */
  readonly actions: CompiledActions;
  /** Whether the element was `NotAction`. */
  readonly notAction: boolean;
  /** The resource patterns of `Resource` (or `NotResource`). */
  readonly resources: readonly CompiledPattern[];
  /** Whether the element was `NotResource`. */
  readonly notResource: boolean;
  /** Every condition; all must hold (keys ANDed, values ORed within each). */
  readonly conditions: readonly CompiledCondition[];
}
