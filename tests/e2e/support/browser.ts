/**
 * A real browser for the e2e suites: Debian's headless Chromium driven through `playwright-core`
 * (no browser download: Playwright's own builds are never fetched), and a page served from an
 * origin of its own whose script calls `fetch`, so what reaches the gateway is what a web app's
 * cross-origin requests really look like (preflights, `Origin`, CORS checks on the answer).
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's `chromium` package (`apt-get install chromium`; `npm test` installs it as root). */
export const CHROMIUM = '/usr/bin/chromium';

/** The bound on each browser step: launch, navigation, one `fetch` in the page. */
export const BROWSER_STEP_MS = 30_000;

/** What a `fetch` in the page ended with: the answer as the page could read it, or the error. */
export type PageFetchResult =
  | {
      readonly outcome: 'response';
      readonly status: number;
      /** `response.headers.get('etag')`: null unless the answer exposes it to the page. */
      readonly etag: string | null;
      readonly body: string;
    }
  | { readonly outcome: 'error'; readonly name: string; readonly message: string };

/** What the page's inline script defines on `window`. */
interface PageProbe {
  put(url: string, body: string, contentType: string): Promise<PageFetchResult>;
  get(url: string): Promise<PageFetchResult>;
}

/**
 * The page. Its script runs in the browser: each call is one `fetch` from this page's origin,
 * bounded by `AbortSignal.timeout` (a hung request shows up as a TimeoutError, never as the
 * TypeError of a CORS refusal).
 */
const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Strata CORS probe</title></head>
<body><p>Strata CORS probe</p>
<script>
  async function probe(url, init) {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(${BROWSER_STEP_MS}) });
      return { outcome: 'response', status: res.status, etag: res.headers.get('etag'), body: await res.text() };
    } catch (error) {
      return { outcome: 'error', name: error.name, message: error.message };
    }
  }
  window.strataProbe = {
    put: (url, body, contentType) =>
      probe(url, { method: 'PUT', body, headers: { 'content-type': contentType } }),
    get: (url) => probe(url, {}),
  };
</script></body></html>
`;

/** A plain HTTP server on a loopback port serving {@link PAGE_HTML} at `/`. */
export interface PageServer extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`: the `Origin` the page's requests carry. */
  readonly origin: string;
  close(): Promise<void>;
}

/** Starts a {@link PageServer}; each one is a distinct origin (its own port). */
export async function startPageServer(): Promise<PageServer> {
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(PAGE_HTML);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
    return closed;
  };
  return { origin: `http://127.0.0.1:${address.port}`, close, [Symbol.asyncDispose]: close };
}

/**
 * Launches headless {@link CHROMIUM}. `--no-sandbox`: CI runs as root, where Chromium refuses
 * to start with its sandbox. Throws, naming the package, when the binary is missing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: the browser suites drive Debian's Chromium ` +
        '(apt-get install chromium; `npm test` installs it when run as root)',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox'],
    timeout: BROWSER_STEP_MS,
  });
}

/**
 * Opens `origin`'s page in a fresh browser context (its own HTTP cache and CORS preflight
 * cache, so no answer carries over between calls), runs `use`, and closes the context and its
 * page whatever happens.
 */
export async function withPage<T>(
  browser: Browser,
  origin: string,
  use: (page: Page) => Promise<T>,
): Promise<T> {
  const context = await browser.newContext();
  try {
    context.setDefaultTimeout(BROWSER_STEP_MS);
    context.setDefaultNavigationTimeout(BROWSER_STEP_MS);
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    return await use(page);
  } finally {
    await context.close();
  }
}

// The functions below are serialized into the page by `page.evaluate`: single expressions,
// so the test transform adds no helper (such as esbuild's `__name`) the page does not have.

/** The page PUTs `body` to `url` with a `content-type` header (not CORS-safelisted: a preflight). */
export function pagePut(
  page: Page,
  url: string,
  body: string,
  contentType: string,
): Promise<PageFetchResult> {
  return page.evaluate(
    ([u, b, t]) => (globalThis as unknown as { strataProbe: PageProbe }).strataProbe.put(u, b, t),
    [url, body, contentType] as const,
  );
}

/** The page GETs `url` (a simple request: no preflight). */
export function pageGet(page: Page, url: string): Promise<PageFetchResult> {
  return page.evaluate(
    (u) => (globalThis as unknown as { strataProbe: PageProbe }).strataProbe.get(u),
    url,
  );
}
