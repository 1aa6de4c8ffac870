import { describe, expect, it } from 'vitest';
import { AWS_EXAMPLES } from './testing/aws-examples.js';
import { compile, decide } from './testing/policies.js';

describe('evaluatePolicy: the bucket policy examples of the S3 User Guide', () => {
  for (const { name, statements, asks } of AWS_EXAMPLES) {
    it(name, () => {
      const policy = compile(statements);
      const got = asks.map(([ask]) => decide(policy, ask));
      expect(got).toEqual(asks.map(([, expected]) => expected));
    });
  }
});
