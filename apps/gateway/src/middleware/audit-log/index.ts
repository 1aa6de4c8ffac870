import { createMiddleware } from 'hono/factory';
import type { AuditLog } from '../../audit/open-audit-log.js';
import type { GatewayEnv } from '../../env.js';
import { clientAddress } from '../../http/request-headers.js';
import { requestOutcome } from '../../http/request-outcome.js';
import type { TrustedProxies } from '../../http/trusted-proxies.js';

/**
 * One audit line per S3 request, written once it ended: tenant, access key id, operation,
 * bucket, key, version, status, bytes, duration, client address. It carries no signature, no
 * query string (a presigned URL's is a credential) and no header values.
 */
export function auditLog(log: AuditLog, proxies: TrustedProxies) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const started = performance.now();
    await next();
    const outcome = requestOutcome(c);
    const target = c.get('target');
    log.write({
      requestId: c.get('requestId'),
      tenant: c.get('scope')?.tenant,
      accessKeyId: c.get('auth')?.accessKeyId,
      operation: c.get('operation') ?? 'unknown',
      bucket: target?.bucket,
      key: target?.key,
      versionId: outcome.versionId,
      status: outcome.status,
      errorCode: outcome.code,
      bytesIn: outcome.bytesIn,
      bytesOut: outcome.bytesOut,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      clientAddress: clientAddress(c, proxies),
    });
  });
}
