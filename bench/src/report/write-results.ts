import { mkdir, writeFile } from 'node:fs/promises';
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
