/**
 * One measured phase of `npm run bench`, in its own process so that its peak RSS is its
 * own. Prints one JSON line: records, milliseconds, uncompressed bytes, peak RSS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { analyzeExport } from '../../cli/analyze-export.ts';

const [phase, dir] = process.argv.slice(2) as [string, string];

function trailFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.json.gz')) out.push(p);
    }
  };
  walk(join(root, 'cloudtrail'));
  return out.sort();
}

const started = process.hrtime.bigint();
let records = 0;
let bytes = 0;
if (phase === 'baseline') {
  // The floor: read, gunzip and JSON.parse every file, one thread, nothing else.
  for (const f of trailFiles(dir)) {
    const text = gunzipSync(readFileSync(f));
    bytes += text.length;
    records += (JSON.parse(text.toString('utf8')) as { Records: unknown[] }).Records.length;
  }
} else {
  const workers = phase === 'analyze-1' ? 1 : undefined;
  const report = await analyzeExport({ input: dir, now: new Date(), ...(workers ? { workers } : {}) });
  records = report.input.records;
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
if (phase !== 'baseline') {
  // Uncompressed size from each gzip trailer, read after the clock stopped.
  for (const f of trailFiles(dir)) {
    const gz = readFileSync(f);
    bytes += gz.readUInt32LE(gz.length - 4);
  }
}
process.stdout.write(JSON.stringify({ phase, records, ms, bytes, rssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
