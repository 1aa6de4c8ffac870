import { createMiddleware } from 'hono/factory';
import type { GatewayEnv } from '../../env.js';
import {
  encryptionContextOf,
  encryptionOf,
  readKeyOf,
  type FieldReader,
  type ServerSideEncryptionOptions,
} from '../../http/server-side-encryption.js';
import { operationNamed } from '../../routing/operations.js';

/**
 * Reads the server-side encryption headers of the operations that take them (the `encryption`
 * and `copySource` of their row in `OPERATIONS`) before any byte is read or stored: malformed
 * ones get S3's 400 here, valid ones are handed to the handler as `c.get('sse')` for the object
 * layer, which stores encrypted or refuses (never plain text for a client that asked
 * otherwise). PostObject reads its form fields in its handler, once the form is read.
 */
export function serverSideEncryption(options: ServerSideEncryptionOptions = {}) {
  return createMiddleware<GatewayEnv>(async (c, next) => {
    const operation = operationNamed(c.get('operation'));
    if (operation.encryption !== undefined || operation.copySource) {
      const read: FieldReader = (name) => c.req.header(name);
      const context = encryptionContextOf(c.get('target').scheme, options);
      const sourceCustomerKey = operation.copySource
        ? readKeyOf(read, context, 'copySource')
        : undefined;
      const write = operation.encryption === 'write' ? encryptionOf(read, context) : undefined;
      const customerKey =
        operation.encryption === 'read' || operation.encryption === 'part'
          ? readKeyOf(read, context)
          : undefined;
      c.set('sse', { write, customerKey, sourceCustomerKey });
    }
    await next();
  });
}
