import type { ScenarioContext } from '../scenarios/scenario.js';
import { TRANSFER_COLUMNS } from '../targets/target.js';

/** Issue 22's aims, stated beside the table; a bench reports them, it never fails on them. */
export const TRANSFER_AIMS = {
  /** Peak RSS of strata-cli on the rows of many files. */
  smallFileRssMiB: 100,
} as const;

/**
 * States issue 22's aims per server as verdict lines (exit status unchanged): strata-cli the
 * fastest tool on every row, naming the rows where another was faster and by how much; its peak
 * RSS under 100 MiB on the rows of many files.
 */
export function stateTransferVerdicts(ctx: ScenarioContext, servers: readonly string[]): void {
  const rows = ctx.recorder.rows();
  const say = (pass: boolean, text: string) => ctx.verdict({ pass, text, exitNonZero: false });
  for (const server of servers) {
    const mine = rows.filter((r) => r.case.startsWith(`${server}: `));
    const speed = mine.filter((r) => !r.case.endsWith(', peak RSS'));
    const behind: string[] = [];
    let judged = 0;
    for (const row of speed) {
      const own = row.cells['strata-cli']?.median;
      if (own === undefined) continue;
      judged++;
      for (const tool of TRANSFER_COLUMNS) {
        const other = row.cells[tool]?.median;
        if (tool === 'strata-cli' || other === undefined) continue;
        const ratio = row.better === 'lower' ? own / other : other / own;
        if (ratio > 1)
          behind.push(`${row.case.slice(server.length + 2)}: ${tool} ${ratio.toFixed(2)}×`);
      }
    }
    if (judged > 0) {
      say(
        behind.length === 0,
        `${server}: strata-cli the fastest tool on ${judged - new Set(behind.map((b) => b.split(':')[0])).size} of ${judged} rows${behind.length === 0 ? '' : `; faster than it: ${behind.join('; ')}`}`,
      );
    }
    const small = mine.filter((r) => r.case.endsWith(', peak RSS') && !/ 1 × /.test(r.case));
    const over = small.filter(
      (r) => (r.cells['strata-cli']?.median ?? 0) >= TRANSFER_AIMS.smallFileRssMiB,
    );
    if (small.some((r) => r.cells['strata-cli'] !== undefined)) {
      const peak = Math.max(...small.map((r) => r.cells['strata-cli']?.median ?? 0));
      say(
        over.length === 0,
        `${server}: strata-cli peak RSS ${peak.toFixed(0)} MiB on the rows of many files (aim < ${TRANSFER_AIMS.smallFileRssMiB} MiB)`,
      );
    }
  }
}
