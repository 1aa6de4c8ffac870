import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load-config.js';
import { startGateway, type RunningGateway } from '../server/start-gateway.js';
import { ADMIN_PATHS } from './create-admin-app.js';

// docs/admin-openapi.json is what the gateway serves at /admin/v1/openapi.json, checked in so
// that it can be read (and diffed) without a running gateway. After changing the document in
// admin-openapi.ts, regenerate it:
//   STRATA_WRITE_ADMIN_OPENAPI=1 npx vitest run --project gateway apps/gateway/src/admin/openapi.test.ts
//   npx prettier --write docs/admin-openapi.json
const CHECKED_IN = fileURLToPath(new URL('../../../../docs/admin-openapi.json', import.meta.url));
const TOKEN = 'openapi-test-token-0123456789abcdef';

describe('the admin API on its own listener', () => {
  let dir: string;
  let gateway: RunningGateway;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strata-admin-openapi-'));
    gateway = await startGateway(
      validateConfig({
        listen: '127.0.0.1:0',
        data_dir: dir,
        credentials: [{ access_key_id: 'AKOPENAPI0001', secret_access_key: 'openapi-secret-0123' }],
        workers: { enabled: false },
        admin: { listen: '127.0.0.1:0', tokens: [TOKEN] },
      }),
      { logger: pino({ level: 'silent' }) },
    );
  });
  afterAll(async () => {
    await gateway?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  const get = (base: string, path: string) =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });

  it('serves the checked-in docs/admin-openapi.json', async () => {
    expect(gateway.adminUrl).not.toBe(gateway.url);
    const res = await get(gateway.adminUrl!, '/admin/v1/openapi.json');
    expect(res.status).toBe(200);
    const served = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    if (process.env.STRATA_WRITE_ADMIN_OPENAPI) {
      await writeFile(CHECKED_IN, `${JSON.stringify(served, null, 2)}\n`);
    }
    const checkedIn: unknown = JSON.parse(await readFile(CHECKED_IN, 'utf8'));
    expect(
      served,
      'docs/admin-openapi.json is stale: regenerate it (see the top of openapi.test.ts)',
    ).toEqual(checkedIn);
    expect(served.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(served.paths).sort()).toEqual([...ADMIN_PATHS].sort());
  });

  it('answers on the admin listener; the main listener keeps /admin/... for S3', async () => {
    const status = await get(gateway.adminUrl!, '/admin/v1/status');
    expect(status.status).toBe(200);
    expect(((await status.json()) as { instanceId: string }).instanceId).toBe(gateway.instanceId);
    // On the main listener it is an S3 request (bucket `admin`, key `v1/status`): a bearer
    // token is no S3 credential, an anonymous request for a bucket that does not exist is 404.
    for (const headers of [{ authorization: `Bearer ${TOKEN}` }, {}] as Record<string, string>[]) {
      const res = await fetch(`${gateway.url}/admin/v1/status`, { headers });
      expect([400, 403, 404]).toContain(res.status);
      expect(await res.text()).toMatch(/^<\?xml[\s\S]*<Code>\w+<\/Code>/);
    }
    const workers = await get(gateway.adminUrl!, '/admin/v1/workers');
    expect(await workers.json()).toMatchObject({ enabled: false });
  });
});
