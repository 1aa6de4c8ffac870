import { SigV4Error } from '../sigv4-error.js';
import type { AuthContext } from './parsed-auth.js';

/** Reject a request whose time is more than `maxSkewMs` away from the server clock. */
export function checkSkew(requestTime: number, sentAs: string, ctx: AuthContext): void {
  if (Math.abs(ctx.now - requestTime) > ctx.maxSkewMs) {
    throw new SigV4Error(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      {
        RequestTime: sentAs,
        ServerTime: new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        MaxAllowedSkewMilliseconds: String(ctx.maxSkewMs),
      },
    );
  }
}

/** The scope date must be the day of the request time (AWS rejects mismatches). */
export function checkScopeDate(
  scopeDate: string,
  datetime: string,
  reason: (msg: string) => SigV4Error,
): void {
  if (datetime.slice(0, 8) !== scopeDate) {
    throw reason(
      `Invalid credential date "${scopeDate}". This date is not the same as X-Amz-Date: "${datetime.slice(0, 8)}".`,
    );
  }
}
