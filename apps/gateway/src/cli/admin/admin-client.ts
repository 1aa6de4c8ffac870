import type { AdminTarget } from './admin-options.js';

/** The admin API answered with an error status. */
export class AdminRequestError extends Error {
  /** Stable code for checks. */
  readonly code = 'EADMIN_STATUS' as const;
  /** The HTTP status. */
  readonly status: number;
  /** The admin API's error code (`Unauthorized`, `NotFound`…), when the body had one. */
  readonly errorCode: string | undefined;

  constructor(status: number, errorCode: string | undefined, message: string) {
    super(message);
    this.name = 'AdminRequestError';
    this.status = status;
    this.errorCode = errorCode;
  }
}

/** The admin API could not be reached (refused, reset, timed out, not JSON). */
export class AdminConnectionError extends Error {
  /** Stable code for checks. */
  readonly code = 'EADMIN_CONNECT' as const;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AdminConnectionError';
  }
}

/** How long one admin request may take. */
const TIMEOUT_MS = 30_000;

function describeCause(error: unknown): string {
  const cause = (error as { cause?: unknown } | null)?.cause ?? error;
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/** One admin API request: GET unless `method` says otherwise; `body` is sent as JSON. */
export interface AdminRequest {
  readonly path: string;
  readonly method?: 'GET' | 'PUT' | 'POST' | 'DELETE' | undefined;
  readonly body?: unknown;
}

/**
 * Sends one request (under `/admin/v1`) with the bearer token and resolves with the parsed JSON
 * body.
 *
 * @throws AdminRequestError for a non-2xx answer (with the API's `{"error":{code,message}}`).
 * @throws AdminConnectionError when the gateway cannot be reached or the answer is not JSON.
 */
export async function adminRequest(target: AdminTarget, request: AdminRequest): Promise<unknown> {
  const url = `${target.url}/admin/v1${request.path}`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${target.token}`,
    accept: 'application/json',
  };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new AdminConnectionError(`cannot reach ${url}: ${describeCause(error)}`, {
      cause: error,
    });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    if (!res.ok)
      throw new AdminRequestError(
        res.status,
        undefined,
        `${res.status} ${res.statusText} from ${url}`,
      );
    throw new AdminConnectionError(`${url} did not answer JSON: is it a Strata admin API?`, {
      cause: error,
    });
  }
  if (!res.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof error?.code === 'string' ? error.code : undefined;
    const message = typeof error?.message === 'string' ? `: ${error.message}` : '';
    throw new AdminRequestError(
      res.status,
      code,
      `${res.status} ${code ?? res.statusText} from ${url}${message}`,
    );
  }
  return body;
}
