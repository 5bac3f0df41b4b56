// One ingest invocation in a process of its own (so its peak RSS is the function's alone):
// the bundled handler, imported as Lambda would, then given one SQS event. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, eventFile] = process.argv.slice(2);
const t0 = performance.now();
const { handler } = await import(pathToFileURL(bundle).href);
const initMs = performance.now() - t0;
const initRssMB = process.memoryUsage().rss / 1048576;
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const t1 = performance.now();
const out = await handler(event);
const ms = performance.now() - t1;
process.stdout.write(JSON.stringify({ ms, initMs, initRssMB, peakRssMB: process.resourceUsage().maxRSS / 1024, failures: out.batchItemFailures.length }) + '\n');
