// Characters XML 1.0 allows literally (https://www.w3.org/TR/xml/#charsets), minus the ones
// that need an entity. `\r` is escaped too: parsers turn a literal CR into LF (§2.11).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPE = /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;
const ESCAPE_ALL =
  // eslint-disable-next-line no-control-regex -- as above
  /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const NAMED: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text for an XML element or attribute value: `&`, `<`, `>`, `"` and `'` become the
 * predefined entities and `\r` becomes `&#xD;` so it survives line-end normalisation.
 *
 * Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF and
 * lone surrogates) are written as numeric references such as `&#x1;`, which is what Amazon S3
 * itself does. Such a document is not well-formed XML 1.0 and strict parsers reject it; that is
 * why S3 clients list with `encoding-type=url`, under which these characters are
 * percent-encoded instead and never reach this function.
 *
 * @example
 * ```ts
 * escapeXml(`a&b<"c">`); // 'a&amp;b&lt;&quot;c&quot;&gt;'
 * ```
 */
export function escapeXml(text: string): string {
  // Fast path: most keys and values need nothing.
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(
    ESCAPE_ALL,
    (ch) => NAMED[ch] ?? `&#x${ch.charCodeAt(0).toString(16).toUpperCase()};`,
  );
}
