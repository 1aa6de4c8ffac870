import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BACKEND_STATES, type BackendState, type PoolMember } from '@strata/backend-pool';
import { isBackendState } from './backend-states.js';
import { adminErrorResponse } from './admin-errors.js';
import type { AdminSources } from './admin-sources.js';
import { type AdminBackend, type AdminUsage, toAdminBackend } from './read-backends.js';
import type { MetastoreSnapshotReader } from '../metrics/metastore-snapshot.js';

/** `GET /admin/v1/backends/{name}/drain`: how far a drain has got. */
export interface AdminDrain {
  readonly backend: string;
  readonly state: BackendState;
  /** Whether the drainer moves copies off it (`draining`, or `removed`: restored elsewhere). */
  readonly draining: boolean;
  /** What the metastore still records on it; `null` when it did not answer. */
  readonly remaining: AdminUsage | null;
  /** Whether it is draining and nothing is left on it: it can be taken out of the config. */
  readonly done: boolean;
}

/** The largest request body the admin API reads (its bodies are a few bytes of JSON). */
const MAX_BODY = 16 * 1024;

/**
 * The per-backend routes: `GET /backends/{name}`, `PUT|DELETE /backends/{name}/state` (a state
 * set at runtime, or back to the configured one) and `POST|GET|DELETE /backends/{name}/drain`
 * (start, progress, cancel). A state set here is stored in the metastore and applies on every
 * instance (this one at once, the others within `backend_state_refresh`).
 */
export function addBackendRoutes(
  app: Hono,
  sources: AdminSources,
  snapshot: MetastoreSnapshotReader,
): void {
  const { pool, backendStates } = sources;
  // Declared or chunked, a longer body is refused before it is read whole.
  app.use(
    '/backends/:name/*',
    bodyLimit({
      maxSize: MAX_BODY,
      onError: () =>
        adminErrorResponse('PayloadTooLarge', `request bodies are at most ${MAX_BODY} bytes`),
    }),
  );
  const view = async (member: PoolMember): Promise<AdminBackend> =>
    toAdminBackend(sources, member, await snapshot());
  /** A handler for the backend `:name` names; 404 when the pool has none of that name. */
  const withBackend =
    (handler: (c: Context, member: PoolMember) => Promise<Response>) => (c: Context) => {
      const name = c.req.param('name') ?? '';
      const member = pool.get(name);
      return member ? handler(c, member) : adminErrorResponse('NotFound', `no backend ${name}`);
    };

  app.get(
    '/backends/:name',
    withBackend(async (c, member) => c.json(await view(member))),
  );

  app.put(
    '/backends/:name/state',
    withBackend(async (c, member) => {
      const body = await readJson(c);
      const state = (body as { state?: unknown } | undefined)?.state;
      if (!isBackendState(state)) {
        return adminErrorResponse(
          'BadRequest',
          `the body must be {"state": …} with one of ${BACKEND_STATES.join(', ')}`,
        );
      }
      await backendStates.set(member.name, state);
      return c.json(await view(member));
    }),
  );

  app.delete(
    '/backends/:name/state',
    withBackend(async (c, member) => {
      await backendStates.reset(member.name);
      return c.json(await view(member));
    }),
  );

  const drain = async (member: PoolMember): Promise<AdminDrain> => {
    const taken = await snapshot();
    const used = taken?.usage[member.name];
    const remaining =
      taken === undefined ? null : { bytes: used?.bytes ?? 0, objects: used?.objects ?? 0 };
    const draining = member.state === 'draining' || member.state === 'removed';
    return {
      backend: member.name,
      state: member.state,
      draining,
      remaining,
      done: draining && remaining !== null && remaining.objects === 0,
    };
  };

  app.get(
    '/backends/:name/drain',
    withBackend(async (c, member) => c.json(await drain(member))),
  );

  app.post(
    '/backends/:name/drain',
    withBackend(async (c, member) => {
      if (member.state === 'removed') {
        // Its copies cannot be read to be moved; the drainer already restores them elsewhere.
        return adminErrorResponse(
          'Conflict',
          `backend ${member.name} is removed: its objects are restored from their other copies`,
        );
      }
      if (member.state !== 'draining') await backendStates.set(member.name, 'draining');
      return c.json(await drain(member), 202);
    }),
  );

  app.delete(
    '/backends/:name/drain',
    withBackend(async (c, member) => {
      if (member.state !== 'draining') {
        return adminErrorResponse('Conflict', `backend ${member.name} is not draining`);
      }
      // Back to what the config says, or active when the config itself drains it. What was
      // already moved stays moved: copies are not brought back.
      if (backendStates.configured(member.name) === 'draining') {
        await backendStates.set(member.name, 'active');
      } else {
        await backendStates.reset(member.name);
      }
      return c.json(await drain(member));
    }),
  );
}

/** The request's JSON body (at most `MAX_BODY`, see `bodyLimit`), or `undefined` when not JSON. */
function readJson(c: Context): Promise<unknown> {
  return c.req.json<unknown>().catch(() => undefined);
}
