// The floor of `npm run bench`: read, gunzip and JSON.parse every CloudTrail file of an
// export, one thread, nothing else. Plain JavaScript, run by plain node (no TypeScript
// loader in its time or memory). Prints one JSON line: records, ms, uncompressed bytes,
// peak RSS.
//
//   node floor.mjs DIR [plain|one-buffer]
//
// `plain` (the floor the targets are stated against since the first bench): gunzipSync
// as it comes, then toString and JSON.parse. `one-buffer`: gunzip into one buffer sized
// from the gzip trailer, as the fold's reader does (read-whole.mjs), for comparison.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const [dir, variant = 'plain'] = process.argv.slice(2);
const files = [];
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (p.endsWith('.json.gz')) files.push(p);
  }
};
walk(join(dir, 'cloudtrail'));
files.sort();

const started = process.hrtime.bigint();
let records = 0;
let bytes = 0;
for (const f of files) {
  const gz = readFileSync(f);
  const text = variant === 'one-buffer' ? gunzipSync(gz, { chunkSize: gz.readUInt32LE(gz.length - 4) + 1024 }) : gunzipSync(gz);
  bytes += text.length;
  records += JSON.parse(text.toString('utf8')).Records.length;
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(`${JSON.stringify({ records, ms, bytes, rssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
