import { Hono } from 'hono';
import { ADMIN_OPENAPI } from './admin-openapi.js';
import { adminErrorResponse } from './admin-errors.js';
import type { AdminSources } from './admin-sources.js';
import { addBackendRoutes } from './backend-routes.js';
import { bearerTokens } from './bearer-tokens.js';
import { addQueueRoutes } from './queue-routes.js';
import { addKeyRoutes } from './key-routes.js';
import { readBackends } from './read-backends.js';
import { readBuckets } from './read-buckets.js';
import { readStatus } from './read-status.js';
import { readWorkers } from './read-workers.js';
import { createSnapshotReader } from '../metrics/metastore-snapshot.js';

/** Where the admin API lives, on its own listener or the main one. */
export const ADMIN_BASE_PATH = '/admin/v1';

/** The admin API's paths (under {@link ADMIN_BASE_PATH}), as its OpenAPI document names them. */
export const ADMIN_PATHS = [
  '/status',
  '/backends',
  '/backends/{name}',
  '/backends/{name}/state',
  '/backends/{name}/drain',
  '/workers',
  '/buckets',
  '/queues',
  '/queues/{name}/dead',
  '/queues/{name}/dead/retry',
  '/keys',
  '/keys/{id}',
  '/keys/{id}/rotate',
  '/keys/{id}/disable',
  '/keys/{id}/enable',
  '/openapi.json',
] as const;

/** The methods each path answers (for a 405's `Allow`); GET (and HEAD) where not listed. */
const ALLOWED_METHODS: Partial<Record<(typeof ADMIN_PATHS)[number], string>> = {
  '/backends/{name}/state': 'PUT, DELETE',
  '/backends/{name}/drain': 'GET, HEAD, POST, DELETE',
  '/queues/{name}/dead': 'GET, HEAD, DELETE',
  '/queues/{name}/dead/retry': 'POST',
  '/keys': 'GET, HEAD, POST',
  '/keys/{id}': 'GET, HEAD, DELETE',
  '/keys/{id}/rotate': 'POST',
  '/keys/{id}/disable': 'POST',
  '/keys/{id}/enable': 'POST',
};

/** The {@link ADMIN_PATHS} entry `path` is an instance of, if any. */
function templateOf(path: string): (typeof ADMIN_PATHS)[number] | undefined {
  return ADMIN_PATHS.find((template) =>
    new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`).test(path),
  );
}

/** The admin API: anything with a `fetch` (a Hono app), mounted by the server. */
export interface AdminApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** A metastore that does not answer: the library's coded errors say so (`EMETA_UNAVAILABLE`). */
function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'EMETA_UNAVAILABLE' || code === 'EMETA_BUSY';
}

/**
 * Builds the admin JSON API under `/admin/v1/`: `status`, `backends` (and per backend its state
 * and drain, which an operator can change), `workers`, `buckets`, `queues` (and each one's dead
 * letters, which an operator can retry or purge), `keys` (access keys managed at runtime) and
 * `openapi.json`. Every request must carry
 * `Authorization: Bearer <token>` with one of `sources.tokens` (else 401, before anything else,
 * so unknown paths are not revealed either); an unknown path is 404, another method on a known
 * one 405, a metastore that cannot be read 503, a bad body or query 400, anything else 500
 * (logged) — all as `{"error":{"code","message"}}`.
 */
export function createAdminApp(sources: AdminSources): Hono {
  // Each request reads afresh (no sharing window): an operator checks what a write just did.
  const snapshot = createSnapshotReader(sources.store, 0);
  const app = new Hono().basePath(ADMIN_BASE_PATH);
  app.use(bearerTokens(sources.tokens));
  app.get('/status', async (c) => c.json(await readStatus(sources)));
  app.get('/backends', async (c) => c.json(await readBackends(sources, snapshot)));
  addBackendRoutes(app, sources, snapshot);
  app.get('/workers', async (c) => c.json(await readWorkers(sources)));
  app.get('/buckets', async (c) => c.json(await readBuckets(sources)));
  addQueueRoutes(app, sources.store);
  addKeyRoutes(app, sources.managedKeys);
  app.get('/openapi.json', (c) => c.json(ADMIN_OPENAPI));
  app.notFound((c) => {
    const template = templateOf(c.req.path.slice(ADMIN_BASE_PATH.length));
    if (template !== undefined) {
      return adminErrorResponse(
        'MethodNotAllowed',
        `${c.req.method} is not allowed on ${c.req.path}`,
        { allow: ALLOWED_METHODS[template] ?? 'GET, HEAD' },
      );
    }
    return adminErrorResponse('NotFound', `no admin endpoint ${c.req.path}`);
  });
  app.onError((error, c) => {
    if (isUnavailable(error)) {
      return adminErrorResponse('ServiceUnavailable', 'the metastore cannot be read now', {
        'retry-after': '1',
      });
    }
    sources.logError(error, `admin API: ${c.req.method} ${c.req.path} failed`);
    return adminErrorResponse('InternalError', 'internal error (logged by the gateway)');
  });
  return app;
}
