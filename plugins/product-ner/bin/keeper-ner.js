#!/usr/bin/env node
// The package bin: a thin wrapper over the compiled CLI (run `pnpm build` first in a checkout).
import { main } from '../dist/cli.js';

// `keeper-ner predict ... | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = main(process.argv.slice(2));
