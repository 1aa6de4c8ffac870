import { isCliUsageError } from '../transfer/cli-errors.js';
import { EXIT_CODES, type ExitCode } from '../transfer/exit-codes.js';
import { adminRequest, type AdminRequest } from './admin-client.js';
import { resolveAdminTarget, type AdminOptions } from './admin-options.js';

/**
 * Sends one admin request (a path alone is a GET) and prints the answer: a table made by `render`, or with `--json` the JSON as
 * the API answered it (one document, indented). Exit codes as the transfer commands': 0 printed;
 * 1 the request failed (one line on stderr naming the status or the connection error); 2 a
 * usage error (no token, a bad URL), before any request.
 */
export async function runAdminCommand<T>(
  request: string | AdminRequest,
  options: AdminOptions,
  render: (body: T) => string,
): Promise<ExitCode> {
  try {
    const target = resolveAdminTarget(options);
    const body = await adminRequest(
      target,
      typeof request === 'string' ? { path: request } : request,
    );
    process.stdout.write(options.json ? `${JSON.stringify(body, null, 2)}\n` : render(body as T));
    return EXIT_CODES.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`strata admin: ${message}\n`);
    return isCliUsageError(error) ? EXIT_CODES.usage : EXIT_CODES.failed;
  }
}
