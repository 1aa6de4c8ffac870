/**
 * Generates `docs/compatibility.md` from the cells the e2e suites recorded under
 * `tests/.results/compat/` (one JSON file per suite, replaced each time that suite runs).
 *
 * Run by the e2e project's globalSetup teardown (`scripts/compat-global-setup.ts`) after every
 * e2e run, or by hand: `pnpm exec tsx tests/scripts/write-compat-matrix.ts`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { OPERATIONS, type S3Operation } from '@strata/gateway';
import {
  COMPAT_RESULTS_DIR,
  type CompatCell,
  type CompatSuiteResult,
} from '../e2e/support/compat-cells.js';

/** Where the matrix is written. */
export const COMPAT_MATRIX_FILE = fileURLToPath(
  new URL('../../docs/compatibility.md', import.meta.url),
);
const STRATA_BIN = fileURLToPath(new URL('../../apps/gateway/bin/strata.js', import.meta.url));
const TRANSPORT_ORDER = ['http', 'https'];

/** Options for {@link writeCompatMatrix}. */
export interface WriteCompatMatrixOptions {
  readonly resultsDir?: string;
  readonly outFile?: string;
  /** Defaults to now. */
  readonly date?: Date;
}

/** Reads every suite's results (files that fail to parse are skipped, with a warning). */
export function readCompatResults(dir: string = COMPAT_RESULTS_DIR): CompatSuiteResult[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.sort().flatMap((name) => {
    try {
      return [JSON.parse(readFileSync(join(dir, name), 'utf8')) as CompatSuiteResult];
    } catch (error) {
      console.warn(`write-compat-matrix: skipping ${name}: ${String(error)}`);
      return [];
    }
  });
}

function gatewayVersion(): string {
  try {
    return execFileSync(process.execPath, [STRATA_BIN, '--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown (apps/gateway not built)';
  }
}

function cellText(cells: readonly CompatCell[]): string {
  if (cells.length === 0) return '—';
  const failed = cells.filter((c) => c.outcome === 'fail');
  const limited = cells.filter((c) => c.outcome === 'limitation');
  const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
  if (failed.length > 0) {
    const reason = escape(failed[0]!.reason ?? 'failed');
    const short = reason.length > 160 ? `${reason.slice(0, 157)}…` : reason;
    return `❌ fail (${failed.length}/${cells.length}): ${short}`;
  }
  if (limited.length > 0) return `⚠️ limitation: ${escape(limited[0]!.reason ?? '')}`;
  return cells.length === 1 ? '✅ pass' : `✅ pass (${cells.length} tests)`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    out.set(k, [...(out.get(k) ?? []), item]);
  }
  return out;
}

/** How a request is recognised as `operation`, beyond method and target: query and headers. */
function discriminator(operation: S3Operation): string {
  const query = [
    ...(operation.subresource === undefined ? [] : [operation.subresource]),
    ...Object.entries(operation.query ?? {}).map(([name, value]) =>
      value === true ? name : `${name}=${value}`,
    ),
  ];
  const parts = [
    ...(query.length > 0 ? [`\`?${query.join('&')}\``] : []),
    ...(operation.copySource ? ['`x-amz-copy-source`'] : []),
  ];
  return parts.join(' + ') || '—';
}

/**
 * The S3 operations the gateway serves, from its operation table (`OPERATIONS` of
 * `@strata/gateway`): the gateway's unit tests check this section against the table.
 */
export function renderOperations(operations: readonly S3Operation[] = OPERATIONS): string[] {
  return [
    '## S3 operations',
    '',
    'Every operation the gateway serves, as its router recognises it (first matching row wins),',
    'and the IAM action a bucket policy grants or denies it by (with a version id, the version',
    'action: `s3:GetObjectVersion`, `s3:DeleteObjectVersion`, …). Any other request answers',
    '`501 NotImplemented`.',
    '',
    '| operation | method | target | query / header | permission |',
    '| --- | --- | --- | --- | --- |',
    ...operations.map(
      (o) =>
        `| ${o.name} | ${o.method} | ${o.target} | ${discriminator(o)} | \`${o.permission}\`` +
        `${o.sourcePermission ? ` (+ \`${o.sourcePermission}\` on the source)` : ''} |`,
    ),
  ];
}

/** Renders the matrix as Markdown. */
export function renderCompatMatrix(
  suites: readonly CompatSuiteResult[],
  meta: { date: Date; gateway: string; node: string },
): string {
  const cells = suites.flatMap((s) => s.cells);
  const transports = [...new Set(cells.map((c) => c.transport))].sort(
    (a, b) => TRANSPORT_ORDER.indexOf(a) - TRANSPORT_ORDER.indexOf(b),
  );
  const header = (first: string) => [
    `| ${first} | ${transports.map((t) => t.toUpperCase()).join(' | ')} |`,
    `| --- | ${transports.map(() => '---').join(' | ')} |`,
  ];
  const lines = [
    '# Client compatibility',
    '',
    '<!-- Generated by tests/scripts/write-compat-matrix.ts from an e2e run. Do not edit. -->',
    '',
    `Generated on ${meta.date.toISOString().slice(0, 10)} from \`pnpm vitest run --project e2e\`.`,
    `Gateway: \`strata ${meta.gateway}\` on Node ${meta.node}. Each client talks to a real`,
    "`strata` binary on loopback, over plain HTTP and over HTTPS (the gateway's own TLS with a",
    'certificate the run generates, which each client is told to trust).',
    '',
    'A cell passes when every test of that capability passed; a failing cell shows how many',
    'of its tests failed and the first reason. See [tests/README.md](../tests/README.md).',
    '',
    '## Clients',
    '',
    '| client | version | suite | run at |',
    '| --- | --- | --- | --- |',
    ...suites.flatMap((s) =>
      Object.entries(s.versions).map(
        ([client, version]) => `| ${client} | ${version} | \`${s.suite}\` | ${s.finishedAt} |`,
      ),
    ),
    '',
    '## Summary',
    '',
    ...header('client'),
  ];
  const byClient = groupBy(cells, (c) => c.client);
  for (const [client, own] of byClient) {
    const perTransport = transports.map((t) => {
      const caps = groupBy(
        own.filter((c) => c.transport === t),
        (c) => c.capability,
      );
      const total = caps.size;
      const ok = [...caps.values()].filter((cs) => cs.every((c) => c.outcome === 'pass')).length;
      if (total === 0) return '—';
      return ok === total ? `✅ ${ok}/${total}` : `❌ ${ok}/${total}`;
    });
    lines.push(`| ${client} | ${perTransport.join(' | ')} |`);
  }
  for (const [client, own] of byClient) {
    lines.push('', `## ${client}`, '', ...header('capability'));
    for (const [capability, capCells] of groupBy(own, (c) => c.capability)) {
      const row = transports.map((t) => cellText(capCells.filter((c) => c.transport === t)));
      lines.push(`| ${capability} | ${row.join(' | ')} |`);
    }
  }
  const problems = cells.filter((c) => c.outcome !== 'pass');
  lines.push('', '## Failures and limitations', '');
  if (problems.length === 0) lines.push('None: every cell passed.');
  for (const c of problems) {
    lines.push(
      `- **${c.client}** · ${c.capability} · ${c.transport.toUpperCase()} — ${c.outcome}` +
        `${c.test ? ` in “${c.test}”` : ''}: ${(c.reason ?? '').replace(/\s+/g, ' ')}`,
    );
  }
  lines.push('', ...renderOperations());
  return `${lines.join('\n')}\n`;
}

/**
 * Reads the recorded results and writes the Markdown matrix, formatted with the repository's
 * Prettier config (so `prettier --check .` stays clean); resolves with the file written.
 */
export async function writeCompatMatrix(options: WriteCompatMatrixOptions = {}): Promise<string> {
  const outFile = options.outFile ?? COMPAT_MATRIX_FILE;
  const suites = readCompatResults(options.resultsDir);
  const markdown = renderCompatMatrix(suites, {
    date: options.date ?? new Date(),
    gateway: gatewayVersion(),
    node: process.version,
  });
  mkdirSync(join(outFile, '..'), { recursive: true });
  const config = (await resolveConfig(outFile)) ?? {};
  writeFileSync(outFile, await format(markdown, { ...config, filepath: outFile }));
  return outFile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`wrote ${await writeCompatMatrix()}`);
}
