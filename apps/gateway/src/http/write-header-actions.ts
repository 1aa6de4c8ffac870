/**
 * The actions a write's headers (or a POST form's fields, named as the headers) ask for beyond
 * the write's own: Object Lock needs `s3:PutObjectRetention` / `s3:PutObjectLegalHold`, and
 * tags (when `tagging` says the write takes them from `x-amz-tagging`) `s3:PutObjectTagging`.
 */
export function writeHeaderActions(headers: Headers, tagging: boolean): string[] {
  const actions: string[] = [];
  if (tagging && headers.has('x-amz-tagging')) actions.push('s3:PutObjectTagging');
  if (headers.has('x-amz-object-lock-mode') || headers.has('x-amz-object-lock-retain-until-date')) {
    actions.push('s3:PutObjectRetention');
  }
  if (headers.has('x-amz-object-lock-legal-hold')) actions.push('s3:PutObjectLegalHold');
  return actions;
}
