#!/usr/bin/env node
// `pnpm run check:packages`: can every publishable package (each packages/* directory, so a new
// one is covered without editing this file) be installed and imported by itself?
// - publint (`pnpm pack`, so `workspace:` ranges are rewritten as on publish), warnings are errors;
// - @arethetypeswrong/cli with the `esm-only` profile: the packages are `"type": "module"` with
//   `exports` { types, default } and no `require` condition, so CommonJS `require()` and the
//   node10 resolution are out of scope; every ESM resolution (node16 from ESM, bundler) must work;
// - the package conventions a machine can check (fields every published package.json needs);
// - every workspace package with *.test.ts files declares `vitest` in devDependencies;
// - turbo.json `globalDependencies` names the root configuration files every task reads.
// Needs the built dist/ (attw reads the packed .d.ts): builds packages/* first if one is missing.
// Prints a summary; exits 1 on any problem.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './pnpm.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Directories under `parent` that hold a package.json. */
function workspaceDirs(parent) {
  const dir = join(root, parent);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'package.json')))
    .map((d) => join(dir, d.name));
}

function run(cmd, args, cwd = root) {
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function hasTestFiles(dir) {
  const walk = (d) =>
    readdirSync(d, { withFileTypes: true }).some((e) =>
      e.isDirectory()
        ? !['node_modules', 'dist', '.turbo'].includes(e.name) && walk(join(d, e.name))
        : e.name.endsWith('.test.ts'),
    );
  return walk(dir);
}

/** Every `types`/`default` file an export points at (the `source` condition is for the repo). */
function exportTargets(exports) {
  const targets = [];
  const visit = (value, condition) => {
    if (typeof value === 'string') {
      if (condition !== 'source') targets.push(value);
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(inner, key);
    }
  };
  visit(exports, '.');
  return targets;
}

/** What every publishable package.json must carry (the repository's package conventions). */
function conventionProblems(dir, pkg) {
  const problems = [];
  if (pkg.type !== 'module') problems.push('"type" is not "module"');
  if (pkg.sideEffects !== false) problems.push('"sideEffects" is not false');
  if (JSON.stringify(pkg.files) !== '["dist"]') problems.push('"files" is not ["dist"]');
  if (!pkg.license) problems.push('no "license"');
  if (!pkg.description) problems.push('no "description"');
  if (!pkg.engines?.node) problems.push('no "engines.node"');
  if (!pkg.exports?.['.']) problems.push('"exports" has no "."');
  for (const [subpath, entry] of Object.entries(pkg.exports ?? {})) {
    if (typeof entry !== 'object' || !entry.types || !entry.default) {
      problems.push(`exports["${subpath}"] lacks "types" or "default"`);
    } else if (entry.types !== entry.default.replace(/\.js$/, '.d.ts')) {
      problems.push(`exports["${subpath}"]: "types" and "default" are not siblings`);
    }
  }
  for (const target of exportTargets(pkg.exports ?? {})) {
    if (!existsSync(join(dir, target))) problems.push(`${target} does not exist (build first?)`);
  }
  return problems;
}

const packages = workspaceDirs('packages').filter(
  (dir) => !readJson(join(dir, 'package.json')).private,
);

// attw and the export-target check read dist/: build what is missing (turbo caches the rest).
const unbuilt = packages.filter((dir) => !existsSync(join(dir, 'dist')));
if (unbuilt.length > 0) {
  console.log(
    `building packages/* (no dist/ in ${unbuilt.map((d) => relative(root, d)).join(', ')})`,
  );
  const build = spawnSync(
    bin('turbo'),
    ['run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** @type {{ name: string, check: string, ok: boolean, detail: string }[]} */
const results = [];
const record = (name, check, ok, detail = '') => {
  results.push({ name, check, ok, detail });
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${name}: ${check}${ok || !detail ? '' : `\n${detail.replace(/^/gm, '     ')}`}`,
  );
};

for (const dir of packages) {
  const pkg = readJson(join(dir, 'package.json'));
  const name = pkg.name ?? relative(root, dir);
  const conventions = conventionProblems(dir, pkg);
  record(name, 'package.json conventions', conventions.length === 0, conventions.join('\n'));
  const publint = run(bin('publint'), ['run', dir, '--pack', 'pnpm', '--strict']);
  record(name, 'publint', publint.ok, publint.output);
  const attw = run(bin('attw'), [
    '--pack',
    dir,
    '--profile',
    'esm-only',
    '--format',
    'ascii',
    '--no-emoji',
  ]);
  record(name, 'attw --profile esm-only', attw.ok, attw.output);
}

// vitest: every workspace package that has tests declares the runner it needs.
for (const dir of [
  ...workspaceDirs('packages'),
  ...workspaceDirs('apps'),
  join(root, 'tests'),
  join(root, 'bench'),
]) {
  if (!existsSync(join(dir, 'package.json')) || !hasTestFiles(dir)) continue;
  const pkg = readJson(join(dir, 'package.json'));
  const ok = Boolean(pkg.devDependencies?.vitest);
  record(
    pkg.name ?? relative(root, dir),
    'declares vitest (has *.test.ts)',
    ok,
    ok ? '' : `add "vitest" to devDependencies of ${relative(root, join(dir, 'package.json'))}`,
  );
}

// turbo: a change to a root config file must invalidate every cached task.
const turbo = readJson(join(root, 'turbo.json'));
const rootConfigs = readdirSync(root).filter((f) =>
  /^(tsconfig\.base\.json|eslint\.config\.[cm]?js|vitest\.config\.[cm]?ts|\.prettierrc.*|prettier\.config\..*|pnpm-workspace\.yaml)$/.test(
    f,
  ),
);
const missing = rootConfigs.filter((f) => !(turbo.globalDependencies ?? []).includes(f));
record(
  'turbo.json',
  'globalDependencies covers root configs',
  missing.length === 0,
  `missing: ${missing.join(', ')}`,
);

const failed = results.filter((r) => !r.ok);
console.log(
  `\ncheck:packages: ${packages.length} packages, ${results.length} checks, ${failed.length} failed` +
    (failed.length ? `\n${failed.map((r) => `  ${r.name}: ${r.check}`).join('\n')}` : ''),
);
process.exit(failed.length ? 1 : 0);
