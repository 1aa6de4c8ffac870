#!/usr/bin/env node
// The `strata` binary runs the built gateway (`dist/`); run `pnpm build` first.
import { runCli } from '../dist/cli.js';

process.exitCode = await runCli(process.argv.slice(2));
