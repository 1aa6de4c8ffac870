import { ADMIN_OPENAPI } from '../admin-openapi.js';

/** The subset of JSON Schema that {@link ADMIN_OPENAPI} uses. */
interface Schema {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly enum?: readonly unknown[];
  readonly oneOf?: readonly Schema[];
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema;
  readonly items?: Schema;
}

const SCHEMAS = ADMIN_OPENAPI.components.schemas as unknown as Record<string, Schema>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

/**
 * Where `value` departs from the admin OpenAPI schema `name` (`[]` when it conforms): a wrong
 * type or enum value, a missing or an undocumented property. Test support: keeps the document
 * honest about what the endpoints answer.
 */
export function openApiViolations(value: unknown, name: string): string[] {
  const out: string[] = [];
  const check = (v: unknown, schema: Schema, at: string): void => {
    if (schema.$ref !== undefined) {
      return check(v, SCHEMAS[schema.$ref.split('/').pop()!]!, at);
    }
    if (schema.oneOf !== undefined) {
      const fits = schema.oneOf.filter((s) => {
        const before = out.length;
        check(v, s, at);
        const failed = out.length > before;
        out.length = before;
        return !failed;
      });
      if (fits.length !== 1) out.push(`${at}: matches ${fits.length} of oneOf`);
      return;
    }
    const types = schema.type === undefined ? [] : [schema.type].flat();
    const actual = typeOf(v);
    const ok =
      types.length === 0 ||
      types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) return void out.push(`${at}: ${actual}, expected ${types.join(' or ')}`);
    if (schema.enum !== undefined && !schema.enum.includes(v)) {
      out.push(`${at}: ${JSON.stringify(v)} not in enum`);
    }
    if (actual === 'array' && schema.items) {
      (v as unknown[]).forEach((item, i) => check(item, schema.items!, `${at}[${i}]`));
    }
    if (actual === 'object') {
      const record = v as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (!(key in record)) out.push(`${at}.${key}: missing`);
      }
      for (const [key, item] of Object.entries(record)) {
        const property = schema.properties?.[key] ?? schema.additionalProperties;
        if (property === undefined) out.push(`${at}.${key}: not in the schema`);
        else check(item, property, `${at}.${key}`);
      }
    }
  };
  check(value, { $ref: `#/components/schemas/${name}` }, name);
  return out;
}
