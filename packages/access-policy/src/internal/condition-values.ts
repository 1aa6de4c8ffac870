import { compileArnPattern } from './arn.js';
import { compare, type OperatorSpec } from './condition-operators.js';
import type { ContextLookup } from './context-lookup.js';
import { cidrContains, parseAddress, parseCidr } from './ip-address.js';
import { parseDate } from './iso-date.js';
import { compilePattern } from './pattern.js';
import { hasVariable, literalText, parseTemplate, resolveTokens } from './template.js';

/** Whether one value of the request matches any of the policy's values for the operator. */
export type ValueTest = (actual: string, lookup: ContextLookup) => boolean;

/** Reports a policy value the operator cannot read (throws). */
export type ValueFault = (value: string) => never;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const parseNumber = (text: string) => (NUMBER.test(text) ? Number(text) : undefined);

/** `true` / `false` as IAM writes them (JSON booleans arrive here as strings). */
const isBoolean = (text: string) => /^(?:true|false)$/i.test(text);

/**
 * Strings compared whole (`StringEquals`, `Bool`, …), optionally without regard to case. Fixed
 * values become a Set; values with policy variables are put together per request.
 */
function textTest(values: readonly string[], variables: boolean, fold: boolean): ValueTest {
  const norm = (text: string) => (fold ? text.toLowerCase() : text);
  const templates = values.map((v) => parseTemplate(v, { variables, wildcards: false }));
  const fixed = new Set(templates.filter((t) => !hasVariable(t)).map((t) => norm(literalText(t))));
  const dynamic = templates.filter(hasVariable);
  if (dynamic.length === 0) return (actual) => fixed.has(norm(actual));
  return (actual, lookup) => {
    const value = norm(actual);
    if (fixed.has(value)) return true;
    return dynamic.some((t) => {
      const tokens = resolveTokens(t, lookup);
      return tokens !== undefined && norm(tokens.join('')) === value;
    });
  };
}

function ordered(
  values: readonly string[],
  spec: OperatorSpec,
  parse: (text: string) => number | undefined,
  fault: ValueFault,
): ValueTest {
  const expected = values.map((v) => parse(v) ?? fault(v));
  return (actual) => {
    const value = parse(actual);
    return value !== undefined && expected.some((e) => compare(spec.comparison, value, e));
  };
}

/**
 * The test for `spec`'s family over the policy's `values`, checking each value once here.
 * Policy variables are read in string, ARN and `Bool` values (IAM supports them there).
 */
export function compileValueTest(
  spec: OperatorSpec,
  values: readonly string[],
  variables: boolean,
  fault: ValueFault,
): ValueTest {
  switch (spec.family) {
    case 'string':
      return textTest(values, variables, false);
    case 'stringIgnoreCase':
      return textTest(values, variables, true);
    case 'stringLike': {
      const patterns = values.map((v) => compilePattern(v, { variables, wildcards: true }));
      return (actual, lookup) => patterns.some((p) => p.test(actual, lookup));
    }
    case 'bool':
      for (const v of values) {
        if (!isBoolean(v) && !(variables && v.includes('${'))) fault(v);
      }
      return textTest(values, variables, true);
    case 'numeric':
      return ordered(values, spec, parseNumber, fault);
    case 'date':
      return ordered(values, spec, parseDate, fault);
    case 'binary': {
      const expected = values.map((v) => (BASE64.test(v) ? Buffer.from(v, 'base64') : fault(v)));
      return (actual) => {
        const bytes = Buffer.from(actual, 'base64');
        return expected.some((e) => e.equals(bytes));
      };
    }
    case 'ip': {
      const cidrs = values.map((v) => parseCidr(v) ?? fault(v));
      return (actual) => {
        const parsed = parseAddress(actual);
        return parsed !== undefined && cidrs.some((c) => cidrContains(c, parsed.address));
      };
    }
    case 'arn': {
      const tests = values.map((v) => compileArnPattern(v, { variables, wildcards: true }));
      return (actual, lookup) => tests.some((test) => test(actual, lookup));
    }
    case 'null':
      for (const v of values) if (!isBoolean(v)) fault(v);
      return () => false;
  }
}
