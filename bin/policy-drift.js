#!/usr/bin/env node
// Runs the compiled CLI (dist/cli.mjs). `npm ci` builds it (the `prepare` script); it is
// rebuilt here first when missing or stale (a stat per source file: a few milliseconds), so
// a fresh clone, an `npm ci --ignore-scripts` and a source edit all just work. Development
// runs the sources through tsx instead (`npx tsx cli/run.ts`, the tests).
import { ensureBuilt } from './build.mjs';

await ensureBuilt();
const { main } = await import('../dist/cli.mjs');
process.exitCode = await main(process.argv.slice(2));
