/**
 * The reasons S3 gives with `MalformedPolicy` when PutBucketPolicy refuses a document, worded as
 * S3 words them. Where S3's wording is not known (bad condition values), the text is Strata's
 * and says so in the README.
 */
export const REASONS = {
  notJson: "Policies must be valid JSON and the first byte must be '{'",
  invalidJson: 'This policy contains invalid Json',
  tooLarge: (maxBytes: number) =>
    `Normalized policy document exceeds the maximum allowed size of ${maxBytes} bytes`,
  syntax: 'Invalid policy syntax.',
  unknownField: (name: string) => `Unknown field ${name}`,
  version: 'The policy must contain a valid version string',
  missing: (field: string) => `Missing required field ${field}`,
  emptyStatement: 'Could not parse the policy: Statement is empty!',
  duplicate: (field: string) => `Statement/policy already has instance of ${field}`,
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  effect: (effect: string) => `Invalid effect: ${effect}`,
  principal: 'Invalid principal in policy',
  action: 'Policy has invalid action',
  resource: 'Policy has invalid resource',
  notApplicable: 'Action does not apply to any resource(s) in statement',
  conditionType: (type: string) => `Invalid Condition type : ${type}`,
  conditionKey: 'Policy has an invalid condition key',
  conditionValue: (operator: string) => `Invalid Condition value for operator ${operator}`,
} as const;
