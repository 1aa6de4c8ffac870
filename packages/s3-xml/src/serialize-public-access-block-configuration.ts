import { element, xmlDocument } from './internal/xml-writer.js';
import type { PublicAccessBlockConfigurationXml } from './parse-public-access-block-configuration.js';

/**
 * Renders a GetPublicAccessBlock reply: `<PublicAccessBlockConfiguration>` with all four
 * switches, each `true` or `false`, in the order of the S3 API reference. A bucket without a
 * configuration has nothing to render (the caller answers
 * `NoSuchPublicAccessBlockConfiguration`).
 *
 * @example
 * ```ts
 * serializePublicAccessBlockConfiguration({
 *   blockPublicAcls: true,
 *   ignorePublicAcls: true,
 *   blockPublicPolicy: false,
 *   restrictPublicBuckets: false,
 * });
 * ```
 */
export function serializePublicAccessBlockConfiguration(
  config: Readonly<PublicAccessBlockConfigurationXml>,
): string {
  return xmlDocument(
    'PublicAccessBlockConfiguration',
    element('BlockPublicAcls', config.blockPublicAcls) +
      element('IgnorePublicAcls', config.ignorePublicAcls) +
      element('BlockPublicPolicy', config.blockPublicPolicy) +
      element('RestrictPublicBuckets', config.restrictPublicBuckets),
  );
}
