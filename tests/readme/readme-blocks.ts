import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Languages whose fenced blocks are checked; the info string's first word picks one. */
const LANGUAGES: Readonly<Record<string, 'ts' | 'js'>> = {
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  javascript: 'js',
  mjs: 'js',
};

/** How the harness treats a block (see the rules at the top of readme-examples.test.ts). */
export interface BlockDirectives {
  /** Prepend the README's prelude (`preludes/<slug>.ts` or `.mjs`). */
  readonly prelude: boolean;
  /** Prepend the previous checked block of the same README (and whatever that one continues). */
  readonly continues: boolean;
  /** Type-check only, for this stated reason. */
  readonly compileOnly: string | undefined;
}

/** One fenced `ts`/`js` block of a README. */
export interface ReadmeBlock {
  /** Repository-relative path of the README, `/`-separated. */
  readonly readme: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly lang: 'ts' | 'js';
  /** The block's text, without the fences. */
  readonly code: string;
  readonly directives: BlockDirectives;
}

const DIRECTIVE = /^<!--\s*readme-test:\s*(.*?)\s*-->$/;

/** Parses `prelude, continues, compile-only because <reason>`; throws on anything else. */
export function parseDirectives(text: string, where: string): BlockDirectives {
  const because = /\bbecause\b/.exec(text);
  const flags = (because ? text.slice(0, because.index) : text).split(/[\s,]+/).filter(Boolean);
  const reason = because ? text.slice(because.index + because[0].length).trim() : undefined;
  for (const flag of flags) {
    if (!['prelude', 'continues', 'compile-only'].includes(flag)) {
      throw new Error(`${where}: unknown readme-test directive "${flag}"`);
    }
  }
  const compileOnly = flags.includes('compile-only');
  if (compileOnly && !reason) {
    throw new Error(`${where}: "compile-only" needs a reason ("compile-only because …")`);
  }
  if (!compileOnly && reason !== undefined) {
    throw new Error(`${where}: a reason is only for "compile-only"`);
  }
  return {
    prelude: flags.includes('prelude'),
    continues: flags.includes('continues'),
    compileOnly: compileOnly ? reason : undefined,
  };
}

/** Every checked block of one README, in order. A directive comment must precede a block. */
export function extractBlocks(root: string, readme: string): ReadmeBlock[] {
  const lines = readFileSync(join(root, readme), 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  let pending: { text: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const directive = DIRECTIVE.exec(line.trim());
    if (directive) {
      pending = { text: directive[1]!, line: i + 1 };
      continue;
    }
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
    if (!open) {
      if (pending && line.trim() !== '') {
        throw new Error(`${readme}:${pending.line}: a readme-test directive must precede a block`);
      }
      continue;
    }
    const fence = open[2]!;
    const start = i;
    let end = i + 1;
    while (end < lines.length && !lines[end]!.trim().startsWith(fence)) end++;
    const lang = LANGUAGES[open[3]!.toLowerCase()];
    if (lang) {
      const indent = open[1]!.length;
      blocks.push({
        readme,
        line: start + 1,
        lang,
        code: lines
          .slice(start + 1, end)
          .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
          .join('\n'),
        directives: pending
          ? parseDirectives(pending.text, `${readme}:${pending.line}`)
          : { prelude: false, continues: false, compileOnly: undefined },
      });
    } else if (pending) {
      throw new Error(`${readme}:${pending.line}: readme-test directive on a non-ts/js block`);
    }
    pending = undefined;
    i = end;
  }
  return blocks;
}

/** The READMEs whose examples are checked: the root's, each package's and app's, tests/, bench/. */
export function findReadmes(root: string): string[] {
  const inDirs = ['packages', 'apps'].flatMap((dir) =>
    readdirSync(join(root, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => `${dir}/${d.name}/README.md`),
  );
  return ['README.md', ...inDirs, 'tests/README.md', 'bench/README.md'].filter((p) =>
    existsSync(join(root, p)),
  );
}
