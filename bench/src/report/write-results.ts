import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderMarkdown } from './markdown-table.js';
import type { ScenarioResult } from './result.js';
import { renderSvgChart } from './svg-bar-chart.js';

/**
 * Writes `<dir>/<scenario>.json` (everything, raw samples included), `<scenario>.md` (the table)
 * and `<scenario>.svg` (the chart); returns the Markdown so the caller can print it.
 */
export async function writeResults(dir: string, result: ScenarioResult): Promise<string> {
  await mkdir(dir, { recursive: true });
  const markdown = renderMarkdown(result);
  await writeFile(join(dir, `${result.scenario}.json`), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(join(dir, `${result.scenario}.md`), markdown);
  await writeFile(join(dir, `${result.scenario}.svg`), renderSvgChart(result));
  return markdown;
}

/**
 * Rebuilds `<dir>/summary.md` from the latest table of every scenario in `names` that has one,
 * in that order: a run of one scenario replaces its own table and keeps the others'.
 */
export async function writeSummary(dir: string, names: readonly string[]): Promise<void> {
  const tables: string[] = [];
  for (const name of names) {
    try {
      tables.push(await readFile(join(dir, `${name}.md`), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  if (tables.length > 0) await writeFile(join(dir, 'summary.md'), tables.join('\n'));
}
