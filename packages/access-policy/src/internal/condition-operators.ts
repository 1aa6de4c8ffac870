/**
 * The condition operators of the IAM policy language ("IAM JSON policy elements: Condition
 * operators"): each base operator, its family, whether it is negated, and how numbers and dates
 * compare. Operator names are exact: IAM does not read `stringequals` as `StringEquals`.
 */
export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;

/** A base condition operator (no `ForAnyValue:` / `ForAllValues:` prefix, no `IfExists`). */
export type ConditionOperatorName = (typeof CONDITION_OPERATORS)[number];

/** What an operator compares. */
export type OperatorFamily =
  | 'string'
  | 'stringIgnoreCase'
  | 'stringLike'
  | 'numeric'
  | 'date'
  | 'bool'
  | 'binary'
  | 'ip'
  | 'arn'
  | 'null';

/** How a `Numeric…` or `Date…` operator compares the request's value with the policy's. */
export type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

/** An operator's meaning. A negated one holds when none of the policy's values match. */
export interface OperatorSpec {
  readonly family: OperatorFamily;
  readonly negated: boolean;
  readonly comparison: Comparison;
}

/** Set operators for multi-valued keys. */
export type SetOperator = 'ForAnyValue' | 'ForAllValues';

const COMPARISONS: ReadonlyArray<readonly [string, Comparison, boolean]> = [
  ['Equals', 'eq', false],
  ['NotEquals', 'eq', true],
  ['LessThan', 'lt', false],
  ['LessThanEquals', 'le', false],
  ['GreaterThan', 'gt', false],
  ['GreaterThanEquals', 'ge', false],
];

const spec = (family: OperatorFamily, negated = false, comparison: Comparison = 'eq') => ({
  family,
  negated,
  comparison,
});

const SPECS = new Map<string, OperatorSpec>([
  ['StringEquals', spec('string')],
  ['StringNotEquals', spec('string', true)],
  ['StringEqualsIgnoreCase', spec('stringIgnoreCase')],
  ['StringNotEqualsIgnoreCase', spec('stringIgnoreCase', true)],
  ['StringLike', spec('stringLike')],
  ['StringNotLike', spec('stringLike', true)],
  ...COMPARISONS.map(([suffix, c, n]) => [`Numeric${suffix}`, spec('numeric', n, c)] as const),
  ...COMPARISONS.map(([suffix, c, n]) => [`Date${suffix}`, spec('date', n, c)] as const),
  ['Bool', spec('bool')],
  ['BinaryEquals', spec('binary')],
  ['IpAddress', spec('ip')],
  ['NotIpAddress', spec('ip', true)],
  ['ArnEquals', spec('arn')],
  ['ArnLike', spec('arn')],
  ['ArnNotEquals', spec('arn', true)],
  ['ArnNotLike', spec('arn', true)],
  ['Null', spec('null')],
]);

/** A condition type as written, taken apart. */
export interface ParsedOperator {
  readonly base: ConditionOperatorName;
  readonly spec: OperatorSpec;
  readonly set: SetOperator | undefined;
  readonly ifExists: boolean;
}

/**
 * `type` (`StringLike`, `ForAllValues:StringLikeIfExists`, …) taken apart, or `undefined` when
 * IAM does not know it. `Null` takes neither a set prefix nor `IfExists`: it tests presence.
 */
export function parseOperator(type: string): ParsedOperator | undefined {
  let rest = type;
  let set: SetOperator | undefined;
  for (const prefix of ['ForAnyValue', 'ForAllValues'] as const) {
    if (rest.startsWith(`${prefix}:`)) {
      set = prefix;
      rest = rest.slice(prefix.length + 1);
    }
  }
  const ifExists = !SPECS.has(rest) && rest.endsWith('IfExists');
  const base = ifExists ? rest.slice(0, -'IfExists'.length) : rest;
  const found = SPECS.get(base);
  if (found === undefined) return undefined;
  if (found.family === 'null' && (ifExists || set !== undefined)) return undefined;
  return { base: base as ConditionOperatorName, spec: found, set, ifExists };
}

/** `actual <comparison> expected`. */
export function compare(comparison: Comparison, actual: number, expected: number): boolean {
  switch (comparison) {
    case 'eq':
      return actual === expected;
    case 'lt':
      return actual < expected;
    case 'le':
      return actual <= expected;
    case 'gt':
      return actual > expected;
    case 'ge':
      return actual >= expected;
  }
}
