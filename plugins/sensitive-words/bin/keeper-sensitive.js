#!/usr/bin/env node
// Thin launcher: the CLI lives in the built package (dist/). Run `pnpm build` in a fresh clone first.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`keeper-sensitive: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
