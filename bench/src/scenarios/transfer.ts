import { TRANSFER_COLUMNS } from '../targets/target.js';
import { TRANSFER_TOOLS } from '../transfer/tools.js';
import type { Scenario } from './scenario.js';

/**
 * Issue 22's client comparison: `strata cp`/`sync` against aws cli v2 and v1, rclone, s3cmd and
 * boto3, each moving the same files to and from the same servers (a Strata and a Ceph RGW) in
 * one run: one large file up and down, trees of 1 MiB and 4 KiB files up and down, a sync with
 * 10% changed; wall time and peak RSS per tool, every result checked. Run by name only
 * (`pnpm bench --quick transfer`): it needs the tools installed and takes minutes.
 */
export const transfer: Scenario = {
  name: 'transfer',
  title: 'Transfer tools: strata cp/sync vs aws cli, rclone, s3cmd, boto3 on Strata and RGW',
  targets: [],
  onlyWhenNamed: true,
  ownColumns: TRANSFER_COLUMNS.map((name) => ({
    name,
    description: TRANSFER_TOOLS.find((t) => t.name === name)?.description ?? name,
  })),
  async run(ctx) {
    const { runTransfer } = await import('../transfer/run-transfer.js');
    await runTransfer(ctx);
  },
};
