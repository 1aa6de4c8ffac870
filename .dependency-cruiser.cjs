// Dependency direction, checked by `pnpm run check:deps` (dependency-cruiser) in CI.
//
// Two layers of rules:
// - Between workspace packages: each package may import only the @strata packages it imports
//   today (the table in `.dependency-cruiser.layers.json`, derived from package.json), plus
//   `@strata/checksums`, a leaf every package may use. Nothing imports the gateway, tests/ or
//   bench/.
// - Between the gateway's folders (apps/gateway/src/*): each folder may import only the folders
//   it imports today (same table, derived from the import graph), and a few hand-written rules
//   name the directions that must never appear.
// Plus: no circular imports (type-only ones included), no orphans, no deprecated core modules.
//
// The tables are generated: after a deliberate change of direction, review and run
// `node scripts/dependency-layers.mjs --update`, then read the diff of the JSON file. Every rule
// has a `comment`, printed next to a failing import, that says what the rule protects.
'use strict';

const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const layersFile = join(__dirname, '.dependency-cruiser.layers.json');
/** @type {{ packages: Record<string, string[]>, gateway: Record<string, string[]> }} */
const LAYERS = existsSync(layersFile)
  ? JSON.parse(readFileSync(layersFile, 'utf8'))
  : { packages: {}, gateway: {} };

/** Leaf packages: every package may depend on them; they depend on no @strata package. */
const LEAF_PACKAGES = ['checksums'];

/**
 * Type-only cycles that exist today and are being removed. Each entry is a module such a cycle
 * passes through; a cycle through none of them fails (run-time cycles always fail, see
 * `no-circular-at-run-time`). Remove an entry as soon as its cycle is gone.
 */
const CYCLE_EXEMPT_MODULES = [
  // (The gateway's type-only cycles env.ts ↔ http/request-body.ts and handlers ↔ app.ts were
  // removed by the handler split: no gateway module is exempt.)
  // backend-pool: `S3BackendConfig` (s3-backend.ts) ↔ internal/s3-config.ts, and
  // `ConformanceContext` (testing/conformance.ts) ↔ its parts: type-only; to be removed by
  // moving the shared types into their own files.
  '^packages/backend-pool/src/internal/s3-config\\.ts$',
  '^packages/backend-pool/src/testing/conformance\\.ts$',
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const GW = '^apps/gateway/src/';
const TEST_FILE = '\\.test\\.ts$';

/** Directory of a workspace package, by its short name (`gateway` lives in apps/). */
const dirOf = (name) => (name === 'gateway' ? 'apps/gateway' : `packages/${name}`);
/** Matches a resolved path inside any of `names`, or the bare `@strata/<name>` specifier (the
 * form an import takes when pnpm did not link the package: it is not a declared dependency). */
const strataPaths = (names) =>
  names.length === 0
    ? '^$'
    : `^(${names.map((n) => escape(dirOf(n))).join('|')})/|^@strata/(${names
        .map(escape)
        .join('|')})(/|$)`;
const ANY_STRATA = '^(packages|apps)/[^/]+/|^@strata/';

/** A gateway entry (`handlers`, `app.ts`) as a path regex. */
const gwEntry = (entry) =>
  entry.endsWith('.ts') ? `${GW}${escape(entry)}$` : `${GW}${escape(entry)}/`;

const packageRules = Object.entries(LAYERS.packages).map(([name, deps]) => {
  const allowed = [...new Set([name, ...deps, ...LEAF_PACKAGES])];
  return {
    name: `package-${name}`,
    comment:
      `${name} may import only these @strata packages: ${deps.concat(LEAF_PACKAGES).join(', ')}. ` +
      `Packages depend one way (leaves: s3-xml, sigv4-verify, s3-client, metastore-core, checksums); ` +
      `a new direction is a design change: see .dependency-cruiser.cjs.`,
    severity: 'error',
    from: { path: `^${escape(dirOf(name))}/` },
    to: { path: ANY_STRATA, pathNot: strataPaths(allowed) },
  };
});

const knownGatewayEntries = Object.keys(LAYERS.gateway);
const gatewayRules = Object.entries(LAYERS.gateway)
  .filter(([, allowed]) => !allowed.includes('*'))
  .map(([entry, allowed]) => ({
    name: `gateway-${entry.replace(/\.ts$/, '')}-imports`,
    comment:
      `apps/gateway/src/${entry} may import only: ${allowed.join(', ') || '(no other gateway folder)'}. ` +
      `The gateway's folders depend one way; tests (*.test.ts) are exempt.`,
    severity: 'error',
    from: { path: gwEntry(entry), pathNot: TEST_FILE },
    to: {
      path: GW,
      pathNot: [gwEntry(entry), ...allowed.map(gwEntry)],
    },
  }));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ---- packages ----------------------------------------------------------------------------
    ...packageRules,
    {
      name: 'package-unlisted',
      comment:
        'A package missing from .dependency-cruiser.layers.json may import no other @strata ' +
        'package (except leaves such as @strata/checksums) until its place is decided: run ' +
        '`node scripts/dependency-layers.mjs --update`.',
      severity: 'error',
      from: {
        path: '^packages/([^/]+)/',
        pathNot: strataPaths(Object.keys(LAYERS.packages)),
      },
      to: { path: ANY_STRATA, pathNot: ['^packages/$1/', strataPaths(LEAF_PACKAGES)] },
    },
    {
      name: 'leaf-package-has-no-strata-deps',
      comment: `${LEAF_PACKAGES.join(', ')} is a leaf: every package may use it, it imports no @strata package.`,
      severity: 'error',
      from: { path: `^(${LEAF_PACKAGES.map((n) => escape(dirOf(n))).join('|')})/` },
      to: { path: ANY_STRATA, pathNot: '^$1/' },
    },
    {
      name: 'no-import-of-gateway',
      comment: 'Nothing imports the gateway (apps/gateway): it is the top of the graph.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: strataPaths(['gateway']) },
    },
    {
      name: 'no-import-of-tests-or-bench',
      comment: 'Package and gateway sources never import tests/ or bench/ (private workspaces).',
      severity: 'error',
      from: { path: '^(packages|apps)/' },
      to: { path: '^(tests|bench)/|^@strata/(tests|bench)(/|$)' },
    },

    // ---- gateway folders ---------------------------------------------------------------------
    ...gatewayRules,
    {
      name: 'gateway-handlers-inbound',
      comment:
        'Only routing/ (the operation table) imports handlers/: one file per S3 operation, ' +
        'reached through routing. middleware/, server/, config/, app.ts and the rest must not.',
      severity: 'error',
      from: { path: GW, pathNot: [`${GW}(handlers|routing)/`, TEST_FILE] },
      to: { path: `${GW}handlers/` },
    },
    {
      name: 'gateway-handlers-not-routing',
      comment:
        'handlers/ must not import routing/ (routing imports handlers: the reverse direction ' +
        'is a cycle).',
      severity: 'error',
      from: { path: `${GW}handlers/`, pathNot: TEST_FILE },
      to: { path: `${GW}routing/` },
    },
    {
      name: 'gateway-config-is-low',
      comment: 'config/ must not import handlers/, middleware/, server/, routing/ or app.ts.',
      severity: 'error',
      from: { path: `${GW}config/` },
      to: { path: `${GW}((handlers|middleware|server|routing|testing)/|(app|cli|index)\\.ts$)` },
    },
    {
      name: 'gateway-server-is-top',
      comment: 'Only cli.ts, index.ts (and tests) may import server/: it wires everything.',
      severity: 'error',
      from: { path: GW, pathNot: [`${GW}server/`, `${GW}(cli|index)\\.ts$`, TEST_FILE] },
      to: { path: `${GW}server/` },
    },
    {
      name: 'gateway-entry-points',
      comment: 'Nothing imports index.ts or cli.ts (the entry points), except index.ts → cli.ts.',
      severity: 'error',
      from: { path: GW, pathNot: `${GW}index\\.ts$` },
      to: { path: `${GW}(index|cli)\\.ts$` },
    },
    {
      name: 'gateway-cli-only-from-cli',
      comment:
        'apps/gateway/src/cli/ holds the client commands (strata cp, sync, ls…): only cli.ts ' +
        '(and tests) import it, never the server, handlers or middleware.',
      severity: 'error',
      from: { path: GW, pathNot: [`${GW}cli(/|\\.ts$)`, TEST_FILE] },
      to: { path: `${GW}cli/` },
    },
    {
      name: 'gateway-testing-only-from-tests',
      comment: 'apps/gateway/src/testing/ is test support: only *.test.ts and testing/ import it.',
      severity: 'error',
      from: { path: GW, pathNot: [`${GW}testing/`, TEST_FILE] },
      to: { path: `${GW}testing/` },
    },
    {
      name: 'gateway-errors-only-from-app',
      comment:
        'Library errors are mapped to S3 errors once, in app.onError: ' +
        'only app.ts imports errors/.',
      severity: 'error',
      from: { path: GW, pathNot: [`${GW}(errors/|app\\.ts$)`, TEST_FILE] },
      to: { path: `${GW}errors/` },
    },
    {
      name: 'gateway-env-is-types-only',
      comment:
        'env.ts declares the Hono context types: import it with `import type`, and it imports ' +
        'nothing at run time.',
      severity: 'error',
      from: { path: GW },
      to: { path: `${GW}env\\.ts$`, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'gateway-unlisted-entry',
      comment:
        'A new top-level file or folder in apps/gateway/src needs its place in the layering: ' +
        'run `node scripts/dependency-layers.mjs --update` and review the diff.',
      severity: 'error',
      from: {
        path: GW,
        pathNot: [TEST_FILE, ...knownGatewayEntries.map(gwEntry)],
      },
      to: { path: GW },
    },

    // ---- everywhere --------------------------------------------------------------------------
    {
      name: 'no-circular',
      comment:
        'No circular imports, type-only ones included (a type cycle is a layering bug waiting to ' +
        'become a run-time one). Exemptions: CYCLE_EXEMPT_MODULES in .dependency-cruiser.cjs.',
      severity: 'error',
      from: {},
      // (joined: dependency-cruiser does not join arrays inside `viaOnly`)
      to: { circular: true, viaOnly: { pathNot: CYCLE_EXEMPT_MODULES.join('|') } },
    },
    {
      name: 'no-circular-at-run-time',
      comment: 'No circular run-time imports (ESM evaluates such cycles half-initialised).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-orphans',
      comment:
        'A source module nothing imports and that imports nothing is dead code (or a script ' +
        'that belongs elsewhere).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: [
          '\\.d\\.ts$',
          // Run as a child process by the sigv4-verify tests (a signer in a separate runtime).
          '^packages/sigv4-verify/src/testing/smithy-sign\\.mjs$',
        ],
      },
      to: {},
    },
    {
      name: 'no-deprecated-core',
      comment: 'Deprecated Node.js core modules (punycode, domain, sys, …) are not used.',
      severity: 'error',
      from: {},
      to: {
        dependencyTypes: ['core'],
        path: '^(punycode|domain|constants|sys|_linklist|_stream_wrap|v8/tools/.+)$',
      },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import resolves; an @strata import that does not is usually a package missing ' +
        'from package.json dependencies.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment:
        'Every npm package imported is declared in the package.json of the importing package.',
      severity: 'error',
      from: {},
      // dependency-cruiser also says npm-no-pkg for a name listed in peerDependenciesMeta, next
      // to its real type: only a dependency with no real type is undeclared.
      to: {
        dependencyTypes: ['npm-no-pkg', 'npm-unknown'],
        dependencyTypesNot: ['npm', 'npm-dev', 'npm-peer', 'npm-optional'],
      },
    },
    {
      name: 'not-to-test',
      comment: 'Source code never imports a test file.',
      severity: 'error',
      from: { pathNot: TEST_FILE },
      to: { path: TEST_FILE },
    },
  ],
  options: {
    // Only each workspace's src/ is cruised: dist/, bin/ and node_modules are not.
    exclude: { path: '^(packages|apps)/[^/]+/(?!src(/|$))' },
    // npm packages are seen (to check they are declared) but not cruised.
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // Workspace packages resolve to their TypeScript sources through the `source` condition,
    // as in vitest and tsc.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'types', 'node', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
