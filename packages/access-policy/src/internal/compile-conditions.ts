import type { CompiledCondition } from '../compiled-statement.js';
import { REASONS } from './reasons.js';
import { compileValueTest, type ValueTest } from './condition-values.js';
import { parseOperator, type OperatorFamily, type ParsedOperator } from './condition-operators.js';
import type { ContextLookup } from './context-lookup.js';
import type { Fault } from './fault.js';
import { parseTemplate, variableKeys } from './template.js';
import { hasWildcard } from './wildcard.js';

// "aws:SourceIp", "s3:ExistingObjectTag/<tag key>": a service prefix, a colon, a name.
const CONDITION_KEY = /^[A-Za-z0-9-]+:.+$/s;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A condition's values as strings: a string, number or boolean, or a non-empty array of them. */
function conditionValues(raw: unknown, fault: Fault): string[] {
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (list.length === 0) fault(REASONS.syntax, raw);
  return list.map((value) => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return fault(REASONS.syntax, value);
  });
}

/**
 * The condition's test, with IAM's rules for a missing key ("IAM JSON policy elements:
 * Condition operators"; "Single-valued vs. multivalued context keys"): a key the request lacks
 * makes the condition false, except `…IfExists` and negated operators (true), `ForAllValues`
 * (true: every one of no values matches) and `Null` (which tests just that). Values are ORed;
 * a negated operator holds when none match. With a set operator each request value is tested
 * on its own; without one, a multi-valued key holds when any (negated: none) of its values does.
 */
function conditionTest(
  operator: ParsedOperator,
  key: string,
  values: readonly string[],
  valueTest: ValueTest,
): (lookup: ContextLookup) => boolean {
  if (operator.spec.family === 'null') {
    const wanted = values.map((v) => v.toLowerCase() === 'true');
    return (lookup) => {
      const raw = lookup(key);
      const absent = raw === undefined || (typeof raw !== 'string' && raw.length === 0);
      return wanted.includes(absent);
    };
  }
  const { negated } = operator.spec;
  const { set, ifExists } = operator;
  const missing = ifExists || set === 'ForAllValues' || (set === undefined && negated);
  const one = (value: string, lookup: ContextLookup) => valueTest(value, lookup) !== negated;
  return (lookup) => {
    const raw = lookup(key);
    if (raw === undefined) return missing;
    if (typeof raw === 'string') return one(raw, lookup);
    if (set === 'ForAllValues') return raw.every((value) => one(value, lookup));
    if (set === 'ForAnyValue') return raw.some((value) => one(value, lookup));
    return raw.some((value) => valueTest(value, lookup)) !== negated;
  };
}

// IAM reads policy variables in string, ARN and Bool values; elsewhere `${…}` is literal.
const VARIABLE_FAMILIES = new Set<OperatorFamily>([
  'string',
  'stringIgnoreCase',
  'stringLike',
  'arn',
  'bool',
]);

/** The keys of the policy variables in `values` (none where the family takes no variables). */
function valueVariables(values: readonly string[], family: OperatorFamily, variables: boolean) {
  if (!variables || !VARIABLE_FAMILIES.has(family)) return [];
  return values.flatMap((v) => variableKeys(parseTemplate(v, { variables, wildcards: false })));
}

/**
 * The `Condition` element of a statement, compiled. Throws (through `fault`) on an unknown
 * condition type, a key without a service prefix, or a value the operator cannot read.
 */
export function compileConditions(
  block: unknown,
  variables: boolean,
  fault: Fault,
): CompiledCondition[] {
  if (!isObject(block)) return fault(REASONS.syntax, block);
  const conditions: CompiledCondition[] = [];
  for (const [type, keys] of Object.entries(block)) {
    const operator = parseOperator(type) ?? fault(REASONS.conditionType(type));
    if (!isObject(keys)) fault(REASONS.syntax, keys);
    for (const [name, raw] of Object.entries(keys)) {
      if (!CONDITION_KEY.test(name)) fault(REASONS.conditionKey, name);
      const key = name.toLowerCase();
      const values = conditionValues(raw, fault);
      const keysRead = valueVariables(values, operator.spec.family, variables);
      const valueTest = compileValueTest(operator.spec, values, variables, (value) =>
        fault(REASONS.conditionValue(operator.base), { [name]: value }),
      );
      conditions.push({
        operator: type,
        base: operator.base,
        set: operator.set,
        ifExists: operator.ifExists,
        negated: operator.spec.negated,
        key,
        values,
        fixed: keysRead.length === 0 && !values.some(hasWildcard),
        variables: keysRead,
        test: conditionTest(operator, key, values, valueTest),
      });
    }
  }
  return conditions;
}
