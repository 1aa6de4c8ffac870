#!/usr/bin/env node
// `pnpm run check:api`: the public API of every publishable package (each packages/* directory,
// so a new one is covered without editing this file) matches its checked-in report,
// `packages/<name>/etc/<name>.api.md` (one more, `<name>-<subpath>.api.md`, per extra entry point
// such as `./testing`). Reports are written by API Extractor from the built dist/*.d.ts, with one
// configuration generated here for every package and entry point (no per-package config files).
//
//   node scripts/check-api.mjs            check: fails, naming the package, when a report differs
//   node scripts/check-api.mjs --update   rewrite the reports (then review and commit the diff)
//
// Builds packages/* first (turbo, cached) when a dist/ is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { root } from './pnpm.mjs';

const update = process.argv.includes('--update');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'packages', d.name, 'package.json')))
  .map((d) => ({ short: d.name, dir: join(root, 'packages', d.name) }))
  .filter(({ dir }) => !readJson(join(dir, 'package.json')).private);

const unbuilt = packages.filter(({ dir }) => !existsSync(join(dir, 'dist')));
if (unbuilt.length > 0) {
  console.log(`building packages/* (no dist/ in ${unbuilt.map((p) => p.short).join(', ')})`);
  const build = spawnSync(
    join(root, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', '--filter=./packages/*', '--output-logs=errors-only'],
    { cwd: root, stdio: 'inherit' },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** The configuration every package shares; only paths and names differ. */
function configFor(dir, typesFile, reportName) {
  return {
    projectFolder: dir,
    mainEntryPointFilePath: join(dir, typesFile),
    bundledPackages: [],
    compiler: {
      // The built .d.ts are analysed; @strata dependencies resolve to their dist/ (no `source`
      // condition), as a user's compiler would see them.
      overrideTsconfig: {
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2023',
          lib: ['ES2023'],
          types: ['node'],
          strict: true,
          skipLibCheck: true,
        },
        include: [join(dir, 'dist')],
      },
    },
    apiReport: {
      enabled: true,
      reportFileName: reportName,
      reportFolder: join(dir, 'etc'),
      reportTempFolder: join(tmpdir(), 'strata-api-extractor', reportName),
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    newlineKind: 'lf',
    messages: {
      compilerMessageReporting: { default: { logLevel: 'warning' } },
      extractorMessageReporting: {
        default: { logLevel: 'none' },
        // A type used by the API but not exported is part of the surface: the report shows it.
        'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
        'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
      },
      tsdocMessageReporting: { default: { logLevel: 'none' } },
    },
  };
}

const QUIET_MESSAGES = new Set([
  'console-preamble',
  'console-compiler-version-notice',
  'console-api-report-not-copied',
  'console-api-report-unchanged',
]);

/** The first lines of a unified diff between the checked-in report and the built surface. */
function reportDiff(reportPath, reportName) {
  const built = join(tmpdir(), 'strata-api-extractor', reportName, `${reportName}.api.md`);
  const diff = spawnSync('diff', ['-u', join(root, reportPath), built], { encoding: 'utf8' });
  const lines = (diff.stdout || diff.stderr || '').split('\n');
  return (
    lines.slice(0, 60).join('\n') + (lines.length > 60 ? `\n… ${lines.length - 60} more lines` : '')
  );
}

const failures = [];
let reports = 0;
for (const { short, dir } of packages) {
  const pkg = readJson(join(dir, 'package.json'));
  for (const [subpath, entry] of Object.entries(pkg.exports ?? {})) {
    const typesFile = typeof entry === 'object' ? entry.types : undefined;
    if (!typesFile) continue;
    const suffix = subpath === '.' ? '' : `-${subpath.replace(/^\.\//, '').replace(/\W+/g, '-')}`;
    const reportName = `${short}${suffix}`;
    const reportPath = relative(root, join(dir, 'etc', `${reportName}.api.md`));
    mkdirSync(join(dir, 'etc'), { recursive: true });
    const extractorConfig = ExtractorConfig.prepare({
      configObject: configFor(dir, typesFile, reportName),
      configObjectFullPath: undefined,
      packageJsonFullPath: join(dir, 'package.json'),
    });
    const result = Extractor.invoke(extractorConfig, {
      localBuild: update,
      showVerboseMessages: false,
      showDiagnostics: false,
      messageCallback: (message) => {
        // Quiet: the compiler preamble, and API Extractor's own "copy the file" advice (the diff
        // and the --update command are printed below instead).
        if (QUIET_MESSAGES.has(message.messageId)) message.handled = true;
      },
    });
    reports += 1;
    const label = `${pkg.name}${subpath === '.' ? '' : subpath.slice(1)}`;
    if (!result.succeeded || (!update && result.apiReportChanged)) {
      failures.push({ label, reportPath, changed: result.apiReportChanged });
      console.log(`FAIL ${label}: ${reportPath}`);
      if (result.apiReportChanged) console.log(reportDiff(reportPath, reportName));
    } else {
      console.log(
        `${update && result.apiReportChanged ? 'updated' : 'ok  '} ${label}: ${reportPath}`,
      );
    }
  }
}

if (failures.length > 0) {
  console.log(
    `\ncheck:api: ${failures.length} of ${reports} API reports differ from the built .d.ts:`,
  );
  for (const f of failures) {
    console.log(
      `  ${f.label} (${f.reportPath})${f.changed ? ': public API changed' : ': API Extractor failed'}`,
    );
  }
  console.log(
    '\nIf the change is intended, run `node scripts/check-api.mjs --update` (after building the\n' +
      'packages) and commit the updated report; a changed public API also needs a changeset.',
  );
  process.exit(1);
}
console.log(`\ncheck:api: ${reports} API reports ${update ? 'written' : 'match'}.`);
