import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ObjectLayer } from '@strata/object-layer';
import { S3Error } from '@strata/s3-xml';
import type { GatewayEnv } from '../../env.js';
import { requestSignal } from '../../http/request-signal.js';
import {
  customerKeyOf,
  encryptionOf,
  notApplicable,
  refuseEncryption,
  SSE_HEADER,
  type FieldReader,
} from '../../http/server-side-encryption.js';
import { operationNamed } from '../../routing/operations.js';

/**
 * Checks the server-side encryption headers of the operations that take them (the `encryption`
 * and `copySource` of their row in `OPERATIONS`) before any byte is read or stored: malformed
 * ones get S3's 400, a valid request for encryption 501 NotImplemented (Strata stores no object
 * encrypted, and must never store plain text for a client that asked otherwise), and a customer
 * key sent to an object that has none 400 InvalidRequest. PostObject checks its form fields in
 * its handler, once the form is read.
 */
export function serverSideEncryption(layer: ObjectLayer) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const operation = operationNamed(c.get('operation'));
    if (operation.encryption !== undefined || operation.copySource) {
      const read: FieldReader = (name) => c.req.header(name);
      const context = { secure: c.get('target').scheme === 'https' };
      if (operation.copySource && customerKeyOf(read, context, 'copySource')) {
        throw notApplicable();
      }
      switch (operation.encryption) {
        case 'write':
          refuseEncryption(encryptionOf(read, context));
          break;
        case 'part':
          // The upload was created without a customer key (CreateMultipartUpload refuses one).
          if (customerKeyOf(read, context)) throw notApplicable();
          break;
        case 'read':
          await refuseReadEncryption(c, layer, read, context);
          break;
      }
    }
    await next();
  });
}

/**
 * A read names no method (only a write chooses one), and may carry a customer key only for an
 * object stored with one, which no object is: the key is checked, then the object looked up so
 * that a missing one is still 404 NoSuchKey, as S3 answers.
 */
async function refuseReadEncryption(
  c: Context<GatewayEnv>,
  layer: ObjectLayer,
  read: FieldReader,
  context: { secure: boolean },
): Promise<void> {
  const method = read(SSE_HEADER);
  if (method !== undefined) {
    throw new S3Error('InvalidArgument', {
      message: 'x-amz-server-side-encryption header is not supported for this operation.',
      extra: { ArgumentName: SSE_HEADER, ArgumentValue: method },
    });
  }
  if (!customerKeyOf(read, context)) return;
  const { bucket, key } = c.get('target');
  // The router matched an object-level row, so both are set.
  await layer.headObject({ bucket: bucket!, key: key!, signal: requestSignal(c) });
  throw notApplicable();
}
