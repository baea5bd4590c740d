#!/usr/bin/env node
// Stands in for Prisma's native schema engine, which cannot be downloaded here. `prisma generate` never
// runs it; anything that does gets a clear answer instead of a download attempt or a hang.
process.stderr.write(
  'The native Prisma schema engine is not installed (it cannot be downloaded here).\n' +
    'Use Keeper\'s offline tools instead: `keeper migrate` to apply migrations and `keeper db diff <package>` to write one\n' +
    '(both run the WebAssembly schema engine from @keeper/db/migrate).\n',
);
process.exit(1);
