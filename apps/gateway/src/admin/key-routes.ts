import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isValidBucketName } from '@strata/object-layer';
import { adminErrorResponse } from './admin-errors.js';

/** A managed access key as the admin API shows it: never its secret. */
export interface AdminKey {
  readonly accessKeyId: string;
  readonly tenant: string;
  /** The buckets it may use; `null` for every bucket of its tenant. */
  readonly buckets: readonly string[] | null;
  readonly createdAt: Date;
  readonly disabled: boolean;
}

/** A key just created or rotated: the only time its secret is shown. */
export interface AdminIssuedKey extends AdminKey {
  readonly secretAccessKey: string;
}

/** `GET /admin/v1/keys`. */
export interface AdminKeys {
  readonly keys: readonly AdminKey[];
}

/** A refused change to managed keys, with the admin API's answer to it. */
export class AdminKeyError extends Error {
  constructor(
    readonly code: 'BadRequest' | 'NotFound',
    message: string,
  ) {
    super(message);
    this.name = 'AdminKeyError';
  }
}

/**
 * Where managed access keys live (the server's `ManagedKeys`): each change throws
 * {@link AdminKeyError} for what the caller got wrong.
 */
export interface AdminKeyStore {
  list(): Promise<AdminKey[]>;
  get(accessKeyId: string): Promise<AdminKey>;
  create(request: { tenant?: string; buckets?: readonly string[] }): Promise<AdminIssuedKey>;
  rotate(accessKeyId: string): Promise<AdminIssuedKey>;
  setDisabled(accessKeyId: string, disabled: boolean): Promise<AdminKey>;
  delete(accessKeyId: string): Promise<void>;
}

/** `POST /admin/v1/keys`: who the new key acts for. */
interface CreateKeyBody {
  readonly tenant?: string;
  readonly buckets?: readonly string[];
}

/** The largest request body the key routes read (a tenant and a few bucket names). */
const MAX_BODY = 16 * 1024;

/**
 * The managed access key routes: `GET|POST /keys` (list; create, answering the secret once),
 * `GET|DELETE /keys/{id}`, `POST /keys/{id}/rotate` (a new secret, answered once) and `POST
 * /keys/{id}/disable|enable`. Without `admin.keys_master_key` every one answers 409: there is
 * nowhere to keep a secret safely.
 */
export function addKeyRoutes(app: Hono, managed: AdminKeyStore | undefined): void {
  app.use(
    '/keys',
    bodyLimit({
      maxSize: MAX_BODY,
      onError: () =>
        adminErrorResponse('PayloadTooLarge', `request bodies are at most ${MAX_BODY} bytes`),
    }),
  );
  const withKeys =
    (handler: (c: Context, keys: AdminKeyStore) => Promise<Response>) => async (c: Context) => {
      if (managed === undefined) {
        return adminErrorResponse(
          'Conflict',
          'managed keys are off: set admin.keys_master_key (or admin.keys_master_key_file)',
        );
      }
      try {
        return await handler(c, managed);
      } catch (error) {
        if (error instanceof AdminKeyError) return adminErrorResponse(error.code, error.message);
        throw error;
      }
    };
  const id = (c: Context) => c.req.param('id') ?? '';

  app.get(
    '/keys',
    withKeys(async (c, keys) => c.json({ keys: await keys.list() } satisfies AdminKeys)),
  );
  app.post(
    '/keys',
    withKeys(async (c, keys) => {
      const body = parseCreate(await c.req.text());
      if (body === undefined) {
        return adminErrorResponse(
          'BadRequest',
          'expected {"tenant"?: string, "buckets"?: [bucket name, ...]}',
        );
      }
      return c.json((await keys.create(body)) satisfies AdminIssuedKey, 201);
    }),
  );
  app.get(
    '/keys/:id',
    withKeys(async (c, keys) => c.json(await keys.get(id(c)))),
  );
  app.delete(
    '/keys/:id',
    withKeys(async (c, keys) => {
      await keys.delete(id(c));
      return c.json({ deleted: id(c) });
    }),
  );
  app.post(
    '/keys/:id/rotate',
    withKeys(async (c, keys) => c.json(await keys.rotate(id(c)))),
  );
  app.post(
    '/keys/:id/disable',
    withKeys(async (c, keys) => c.json(await keys.setDisabled(id(c), true))),
  );
  app.post(
    '/keys/:id/enable',
    withKeys(async (c, keys) => c.json(await keys.setDisabled(id(c), false))),
  );
}

/** The create body, or `undefined` when it is not one (no body at all is `{}`). */
function parseCreate(text: string): CreateKeyBody | undefined {
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { tenant, buckets, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return undefined;
  if (tenant !== undefined && (typeof tenant !== 'string' || tenant === '')) return undefined;
  if (
    buckets !== undefined &&
    !(
      Array.isArray(buckets) &&
      buckets.length > 0 &&
      buckets.every((b) => typeof b === 'string' && isValidBucketName(b))
    )
  ) {
    return undefined;
  }
  return {
    ...(tenant === undefined ? {} : { tenant }),
    ...(buckets === undefined ? {} : { buckets: buckets as string[] }),
  };
}
