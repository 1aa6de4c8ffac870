import { describe, expect, it } from 'vitest';
import { serializePolicyStatus } from './serialize-policy-status.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

describe('serializePolicyStatus', () => {
  it('writes the namespaced PolicyStatus with IsPublic, after the XML declaration', () => {
    expect(serializePolicyStatus({ isPublic: true })).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<PolicyStatus xmlns="${NS}"><IsPublic>true</IsPublic></PolicyStatus>`,
    );
  });

  it('writes false for a bucket that is not public, readable by an ordinary client', () => {
    expect(parseWithFxp(serializePolicyStatus({ isPublic: false })).PolicyStatus).toEqual({
      '@xmlns': NS,
      IsPublic: 'false',
    });
  });
});
