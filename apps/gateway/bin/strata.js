#!/usr/bin/env node
// The `strata` binary runs the built gateway (`dist/`); run `pnpm build` first.

// libuv's threadpool carries every file system call (open, write, fsync, link), and has 4
// threads by default: 16 concurrent small PUTs to a local directory queue behind them. It starts
// on first use, so it is sized here, before the gateway is imported; an explicit setting wins.
process.env.UV_THREADPOOL_SIZE ??= '16';
const { runCli } = await import('../dist/cli.js');

process.exitCode = await runCli(process.argv.slice(2));
