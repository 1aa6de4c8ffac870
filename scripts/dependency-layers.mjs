#!/usr/bin/env node
// Derives the allowed dependency directions that `.dependency-cruiser.cjs` enforces and keeps
// them in `.dependency-cruiser.layers.json`:
// - packages: each workspace package's @strata dependencies, read from its package.json;
// - gateway: for each top-level file or folder of apps/gateway/src, the others it imports
//   (non-test files), read from dependency-cruiser's graph.
//
//   node scripts/dependency-layers.mjs           prints the derived tables and whether they differ
//   node scripts/dependency-layers.mjs --update  rewrites .dependency-cruiser.layers.json
//
// Run --update only for a deliberate change of direction, and review the diff: a new edge in the
// JSON file is a new allowed direction. The hand-written rules in .dependency-cruiser.cjs (no
// cycles, handlers/ inbound, config/ low, …) still apply to whatever the tables allow.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { root } from './pnpm.mjs';

const LAYERS_FILE = join(root, '.dependency-cruiser.layers.json');
const GW = 'apps/gateway/src/';

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Short name of a workspace package directory: packages/s3-xml → s3-xml, apps/gateway → gateway. */
function packageDirs() {
  const dirs = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, 'packages', d.name, 'package.json')))
    .map((d) => ({ short: d.name, dir: join(root, 'packages', d.name) }));
  return [...dirs, { short: 'gateway', dir: join(root, 'apps', 'gateway') }];
}

function derivePackages() {
  const dirs = packageDirs();
  const byName = new Map(dirs.map((d) => [readJson(join(d.dir, 'package.json')).name, d.short]));
  const table = {};
  for (const { short, dir } of dirs) {
    const pkg = readJson(join(dir, 'package.json'));
    const names = Object.keys({
      ...pkg.dependencies,
      ...pkg.peerDependencies,
      ...pkg.optionalDependencies,
      ...pkg.devDependencies,
    });
    table[short] = names
      .filter((n) => byName.has(n))
      .map((n) => byName.get(n))
      .sort();
  }
  return table;
}

/** `handlers/put-object.ts` → `handlers`; `app.ts` → `app.ts`. */
const entryOf = (path) => path.slice(GW.length).split('/')[0];

function deriveGateway() {
  const result = spawnSync(
    join(root, 'node_modules', '.bin', 'depcruise'),
    ['apps/gateway/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
    { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (!result.stdout) {
    console.error(result.stderr);
    process.exit(1);
  }
  const graph = JSON.parse(result.stdout);
  const table = {};
  for (const mod of graph.modules) {
    if (!mod.source.startsWith(GW) || !/\.(ts|mts|js|mjs)$/.test(mod.source)) continue;
    if (/\.test\.ts$/.test(mod.source)) continue;
    const from = entryOf(mod.source);
    table[from] ??= new Set();
    for (const dep of mod.dependencies) {
      if (!dep.resolved.startsWith(GW)) continue;
      const to = entryOf(dep.resolved);
      if (to !== from) table[from].add(to);
    }
  }
  return Object.fromEntries(
    Object.keys(table)
      .sort()
      .map((k) => [k, [...table[k]].sort()]),
  );
}

const sortKeys = (o) =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
const derived = { packages: sortKeys(derivePackages()), gateway: deriveGateway() };
const text = await format(JSON.stringify(derived), {
  ...(await resolveConfig(LAYERS_FILE)),
  filepath: LAYERS_FILE,
});
const current = existsSync(LAYERS_FILE) ? readFileSync(LAYERS_FILE, 'utf8') : '';

if (process.argv.includes('--update')) {
  writeFileSync(LAYERS_FILE, text);
  console.log(current === text ? 'unchanged' : `updated ${LAYERS_FILE}`);
} else {
  console.log(text);
  console.log(
    current === text
      ? 'The checked-in layers match the current tree.'
      : 'The checked-in layers differ; review, then run: node scripts/dependency-layers.mjs --update',
  );
}
