import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMetricsScraper } from './metrics-scraper.js';

const BODY = '# TYPE strata_http_requests_total counter\nstrata_http_requests_total 1\n';
const servers: ReturnType<typeof createServer>[] = [];

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

const until = async (check: () => boolean): Promise<void> => {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
};

describe('startMetricsScraper', () => {
  it('scrapes /metrics with the bearer token at once and on every tick, until closed', async () => {
    const seen: (string | undefined)[] = [];
    const endpoint = await serve((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization}`);
      res.end(BODY);
    });
    // The interval is also the scrape's timeout: 250 ms leaves room for a loaded CI machine
    // (20 ms timed out the first connection there once).
    const scraper = startMetricsScraper({ endpoint, token: 't0k3n', intervalMs: 250 });
    await until(() => scraper.stats().ok >= 3);
    await scraper.close();
    await scraper.close();
    const after = seen.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(seen.length).toBe(after);
    expect(seen[0]).toBe('/metrics Bearer t0k3n');
    expect(scraper.stats()).toMatchObject({ errors: 0, intervalMs: 250, lastBytes: BODY.length });
  });

  it('counts a refused token and a body without Strata metrics as errors, never throws', async () => {
    let n = 0;
    const endpoint = await serve((_req, res) => {
      if (n++ === 0) {
        res.statusCode = 401;
        res.end('invalid metrics token\n');
      } else {
        res.end('something else\n');
      }
    });
    const scraper = startMetricsScraper({ endpoint, token: 'bad', intervalMs: 20 });
    await until(() => scraper.stats().errors >= 2);
    await scraper.close();
    expect(scraper.stats().ok).toBe(0);
    expect(scraper.stats().lastError).toBe('no strata_http_requests_total in the scrape');
  });

  it('counts an unreachable gateway as errors', async () => {
    const endpoint = await serve(() => undefined);
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const scraper = startMetricsScraper({ endpoint, token: 'x', intervalMs: 20 });
    await until(() => scraper.stats().errors >= 1);
    await scraper.close();
    expect(scraper.stats().ok).toBe(0);
  });
});
