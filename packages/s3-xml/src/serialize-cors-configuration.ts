import { element, optionalElement, xmlDocument } from './internal/xml-writer.js';

/** A rule to render: `CorsRuleXml`'s fields, read-only. */
export interface CorsRuleInput {
  readonly id?: string | undefined;
  readonly allowedOrigins: readonly string[];
  readonly allowedMethods: readonly string[];
  readonly allowedHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds?: number | undefined;
}

/**
 * Renders a GetBucketCors reply: one `<CORSRule>` per rule, in order, with its elements in S3's
 * order (ID, AllowedHeader, AllowedMethod, AllowedOrigin, ExposeHeader, MaxAgeSeconds).
 *
 * @example
 * ```ts
 * serializeCorsConfiguration([
 *   { allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: [], exposeHeaders: [] },
 * ]);
 * ```
 */
export function serializeCorsConfiguration(rules: readonly CorsRuleInput[]): string {
  const all = (name: string, values: readonly string[]) =>
    values.map((value) => element(name, value)).join('');
  const body = rules
    .map(
      (rule) =>
        '<CORSRule>' +
        optionalElement('ID', rule.id) +
        all('AllowedHeader', rule.allowedHeaders) +
        all('AllowedMethod', rule.allowedMethods) +
        all('AllowedOrigin', rule.allowedOrigins) +
        all('ExposeHeader', rule.exposeHeaders) +
        optionalElement('MaxAgeSeconds', rule.maxAgeSeconds) +
        '</CORSRule>',
    )
    .join('');
  return xmlDocument('CORSConfiguration', body);
}
