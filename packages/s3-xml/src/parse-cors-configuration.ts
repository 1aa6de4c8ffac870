import {
  assertContainer,
  childrenNamed,
  leafText,
  malformedXml,
  optionalChild,
  parseXmlDocument,
  trimXml,
} from './internal/parse-xml-document.js';

/** One rule of a CORS configuration, as sent (S3's `CORSRule`). */
export interface CorsRuleXml {
  id?: string;
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

/**
 * Parses a PutBucketCors body (`<CORSConfiguration><CORSRule>…</CORSRule>+</CORSConfiguration>`).
 * Values are taken as sent, trimmed of XML whitespace; whether they are acceptable (methods,
 * wildcards, counts) is the caller's decision.
 *
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, no `<CORSRule>`, a
 *   rule without `<AllowedOrigin>` or `<AllowedMethod>`, or a `<MaxAgeSeconds>` that is not a
 *   non-negative integer.
 * @example
 * ```ts
 * parseCorsConfiguration(
 *   '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>',
 * ); // [{ allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: [], exposeHeaders: [] }]
 * ```
 */
export function parseCorsConfiguration(xml: string): CorsRuleXml[] {
  const root = parseXmlDocument(xml, 'CORSConfiguration');
  assertContainer(root);
  const rules = childrenNamed(root, 'CORSRule');
  if (rules.length === 0) throw malformedXml('no <CORSRule>');
  return rules.map((rule) => {
    assertContainer(rule);
    const values = (name: string) => childrenNamed(rule, name).map((el) => trimXml(leafText(el)));
    const allowedOrigins = values('AllowedOrigin');
    const allowedMethods = values('AllowedMethod');
    if (allowedOrigins.length === 0 || allowedMethods.length === 0) {
      throw malformedXml('<CORSRule> without <AllowedOrigin> or <AllowedMethod>');
    }
    const out: CorsRuleXml = {
      allowedOrigins,
      allowedMethods,
      allowedHeaders: values('AllowedHeader'),
      exposeHeaders: values('ExposeHeader'),
    };
    const id = optionalChild(rule, 'ID');
    if (id !== undefined) out.id = trimXml(leafText(id));
    const maxAge = optionalChild(rule, 'MaxAgeSeconds');
    if (maxAge !== undefined) {
      const text = trimXml(leafText(maxAge));
      if (!/^\d{1,10}$/.test(text)) throw malformedXml('<MaxAgeSeconds> is not an integer');
      out.maxAgeSeconds = Number(text);
    }
    return out;
  });
}
