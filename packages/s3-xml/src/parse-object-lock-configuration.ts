import {
  allowedValue,
  assertContainer,
  leafText,
  malformedXml,
  optionalChild,
  parseXmlDocument,
  requiredChild,
  trimXml,
  type XmlElement,
} from './internal/parse-xml-document.js';
import { S3Error } from './s3-error.js';

/**
 * The Object Lock retention modes (S3's `ObjectLockRetentionMode`): GOVERNANCE can be bypassed by
 * a permitted caller, COMPLIANCE never.
 */
export const OBJECT_LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;
/** One of {@link OBJECT_LOCK_MODES}. */
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];

/** The longest default retention S3 accepts in `<Days>`: 100 years. */
export const MAX_DEFAULT_RETENTION_DAYS = 36_500;
/** The longest default retention S3 accepts in `<Years>`. */
export const MAX_DEFAULT_RETENTION_YEARS = 100;

/** A bucket's default retention (S3's `DefaultRetention`): a mode and exactly one period. */
export interface DefaultRetentionXml {
  /** `Mode`. */
  mode: ObjectLockMode;
  /** `Days`, a positive integer; set exactly when `years` is not. */
  days?: number;
  /** `Years`, a positive integer; set exactly when `days` is not. */
  years?: number;
}

/** A PutObjectLockConfiguration body, as sent (S3's `ObjectLockConfiguration`). */
export interface ObjectLockConfigurationXml {
  /** `Rule/DefaultRetention`; absent when the body has no `<Rule>`. */
  defaultRetention?: DefaultRetentionXml;
}

// xs:integer's lexical form (S3's `Days` and `Years` are integers): an optional sign, digits.
const INTEGER = /^[+-]?[0-9]+$/;

/** The integer in `el`, text only; a sign is allowed so that `-1` is a bad period, not bad XML. */
function integerText(el: XmlElement): number {
  const text = trimXml(leafText(el));
  if (!INTEGER.test(text)) throw malformedXml(`<${el.name}> is not an integer`);
  // Any number of digits: beyond 2^53 the value is inexact but still far above every limit.
  return Number(text);
}

/** `InvalidRetentionPeriod` naming the element at fault, as S3 names it in `ArgumentName`. */
function invalidPeriod(name: string, message?: string): S3Error {
  return new S3Error('InvalidRetentionPeriod', {
    ...(message === undefined ? {} : { message }),
    extra: { ArgumentName: name },
  });
}

/** Checks a whole `<DefaultRetention>` against the schema, then its period against the limits. */
function parseDefaultRetention(el: XmlElement): DefaultRetentionXml {
  assertContainer(el);
  const mode = allowedValue(requiredChild(el, 'Mode'), OBJECT_LOCK_MODES);
  const daysEl = optionalChild(el, 'Days');
  const yearsEl = optionalChild(el, 'Years');
  // S3: "The DefaultRetention period can be either Days or Years but you must select one."
  const periodEl = daysEl ?? yearsEl;
  if (periodEl === undefined || (daysEl !== undefined && yearsEl !== undefined)) {
    throw malformedXml('<DefaultRetention> needs exactly one of <Days> and <Years>');
  }
  const value = integerText(periodEl);
  const max = daysEl === undefined ? MAX_DEFAULT_RETENTION_YEARS : MAX_DEFAULT_RETENTION_DAYS;
  if (value <= 0) throw invalidPeriod(periodEl.name);
  if (value > max) {
    throw invalidPeriod(
      periodEl.name,
      `Default retention period is too large: at most ${MAX_DEFAULT_RETENTION_DAYS} days or ` +
        `${MAX_DEFAULT_RETENTION_YEARS} years.`,
    );
  }
  return daysEl === undefined ? { mode, years: value } : { mode, days: value };
}

/**
 * Parses a PutObjectLockConfiguration body (`<ObjectLockConfiguration><ObjectLockEnabled>Enabled
 * </ObjectLockEnabled><Rule><DefaultRetention><Mode/>(<Days/>|<Years/>)</DefaultRetention>
 * </Rule>?</ObjectLockConfiguration>`). Values are trimmed of XML whitespace and compared
 * case-sensitively. Every check against the schema comes before the period's range, so a body
 * that is both malformed and out of range is `MalformedXML`. Whether the bucket may take the
 * configuration (versioning, Object Lock enabled at creation) is the caller's decision. Other
 * elements are ignored.
 *
 * @param xml The body, already read by the caller under a size cap.
 * @throws S3Error `MalformedXML` for malformed XML, a DOCTYPE, a wrong root, a repeated element,
 *   an `<ObjectLockEnabled>` absent or other than `Enabled`, a `<Rule>` without
 *   `<DefaultRetention>`, a `<Mode>` absent or other than `GOVERNANCE` or `COMPLIANCE`, both or
 *   neither of `<Days>` and `<Years>`, or a period that is not a decimal integer.
 * @throws S3Error `InvalidRetentionPeriod` (with `ArgumentName` `Days` or `Years`) for a period
 *   of zero or less, more than {@link MAX_DEFAULT_RETENTION_DAYS} days or more than
 *   {@link MAX_DEFAULT_RETENTION_YEARS} years.
 * @example
 * ```ts
 * parseObjectLockConfiguration(
 *   '<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>' +
 *     '<Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>30</Days></DefaultRetention></Rule>' +
 *     '</ObjectLockConfiguration>',
 * ); // { defaultRetention: { mode: 'GOVERNANCE', days: 30 } }
 * ```
 */
export function parseObjectLockConfiguration(xml: string): ObjectLockConfigurationXml {
  const root = parseXmlDocument(xml, 'ObjectLockConfiguration');
  assertContainer(root);
  // Optional in S3's schema, but Object Lock can only be turned on, never off: a body without
  // `Enabled` is a client's mistake, refused rather than read as "enable".
  allowedValue(requiredChild(root, 'ObjectLockEnabled'), ['Enabled']);
  const rule = optionalChild(root, 'Rule');
  if (rule === undefined) return {};
  assertContainer(rule);
  return { defaultRetention: parseDefaultRetention(requiredChild(rule, 'DefaultRetention')) };
}
