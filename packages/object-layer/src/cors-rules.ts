import type { CorsRule } from '@strata/metastore-core';
import { S3Error, type CorsRuleXml } from '@strata/s3-xml';

/** Most rules one bucket's CORS configuration may hold. */
export const MAX_CORS_RULES = 100;
/** The methods a CORS rule may allow. */
export const CORS_METHODS = ['GET', 'PUT', 'HEAD', 'POST', 'DELETE'] as const;
const MAX_ID_LENGTH = 255;

const invalid = (message: string) => new S3Error('InvalidRequest', { message });

/**
 * A bucket's CORS rules, checked as S3 checks a PutBucketCors document: at most 100 rules,
 * methods among GET, PUT, HEAD, POST and DELETE (case-sensitive), at most one `*` in each origin
 * and allowed header, an ID of at most 255 characters.
 *
 * @throws S3Error InvalidRequest naming what is wrong.
 */
export function toCorsRules(rules: readonly CorsRuleXml[]): CorsRule[] {
  if (rules.length > MAX_CORS_RULES) {
    throw invalid(
      `The number of CORS rules should not exceed allowed limit of ${MAX_CORS_RULES} rules.`,
    );
  }
  return rules.map((rule) => {
    for (const method of rule.allowedMethods) {
      if (!(CORS_METHODS as readonly string[]).includes(method)) {
        throw invalid(
          `Found unsupported HTTP method in CORS config. Unsupported method is ${method}`,
        );
      }
    }
    for (const [what, values] of [
      ['AllowedOrigin', rule.allowedOrigins],
      ['AllowedHeader', rule.allowedHeaders],
    ] as const) {
      for (const value of values) {
        if (value.split('*').length > 2) {
          throw invalid(`${what} "${value}" can not have more than one wildcard.`);
        }
      }
    }
    if (rule.id !== undefined && rule.id.length > MAX_ID_LENGTH) {
      throw invalid(`ID length should not exceed allowed limit of ${MAX_ID_LENGTH}`);
    }
    return {
      ...(rule.id === undefined ? {} : { id: rule.id }),
      allowedOrigins: [...rule.allowedOrigins],
      allowedMethods: [...rule.allowedMethods],
      allowedHeaders: [...rule.allowedHeaders],
      exposeHeaders: [...rule.exposeHeaders],
      ...(rule.maxAgeSeconds === undefined ? {} : { maxAgeSeconds: rule.maxAgeSeconds }),
    };
  });
}
