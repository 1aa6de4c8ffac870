#!/usr/bin/env node
// The `strata` binary runs the built gateway (`dist/`); run `pnpm build` first.
import { setFlagsFromString } from 'node:v8';

// libuv's threadpool carries every file system call (open, write, fsync, link), and has 4
// threads by default: 16 concurrent small PUTs to a local directory queue behind them. It starts
// on first use, so it is sized here, before the gateway is imported; an explicit setting wins.
process.env.UV_THREADPOOL_SIZE ??= '16';

// undici parses HTTP answers with llhttp compiled to WebAssembly. V8 compiles it twice, quickly
// (Liftoff) and then optimized (TurboFan), and the optimizing compile costs a short-lived process
// ~35 MiB of peak RSS and ~0.15 s of CPU. A client command (`strata cp`, `ls`, `admin`…) parses
// only headers, so the quick code is enough; `strata serve` keeps the optimized parser for its
// backend calls. Set before anything compiles WebAssembly.
if (process.argv[2] !== 'serve') setFlagsFromString('--liftoff-only');

const { runCli } = await import('../dist/cli.js');

process.exitCode = await runCli(process.argv.slice(2));
