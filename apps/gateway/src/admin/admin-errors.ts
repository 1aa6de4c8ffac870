/** The admin API's error codes, each with its HTTP status. */
export const ADMIN_ERRORS = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  Conflict: 409,
  PayloadTooLarge: 413,
  InternalError: 500,
  ServiceUnavailable: 503,
} as const;

/** One of the codes of {@link ADMIN_ERRORS}. */
export type AdminErrorCode = keyof typeof ADMIN_ERRORS;

/** The JSON body of every admin API error. */
export interface AdminErrorBody {
  readonly error: { readonly code: AdminErrorCode; readonly message: string };
}

/**
 * An admin API error response: `{"error":{"code","message"}}` with the code's status (never a
 * stack trace or an S3 XML body).
 */
export function adminErrorResponse(
  code: AdminErrorCode,
  message: string,
  headers: Record<string, string> = {},
): Response {
  const body: AdminErrorBody = { error: { code, message } };
  return new Response(JSON.stringify(body), {
    status: ADMIN_ERRORS[code],
    headers: { 'content-type': 'application/json', ...headers },
  });
}
