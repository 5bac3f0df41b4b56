// The floor of `npm run bench`: read, gunzip and JSON.parse every CloudTrail file of an
// export, one thread, nothing else. Plain JavaScript, run by plain node (no TypeScript
// loader in its time or memory). Prints one JSON line: records, ms, uncompressed bytes,
// peak RSS.
//
//   node floor.mjs DIR [plain|one-buffer|threads]
//
// `plain` (the floor the targets are stated against since the first bench): gunzipSync
// as it comes, then toString and JSON.parse. `one-buffer`: gunzip into one buffer sized
// from the gzip trailer, as the fold's reader does (read-whole.mjs), for comparison.
// `threads`: `plain` with the files dealt to one worker thread per core, what all cores
// can do at best at that moment (the all-cores target is judged against it).
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';

/** Read, gunzip and parse `files`; their records and uncompressed bytes. */
function floor(files, variant) {
  let records = 0;
  let bytes = 0;
  for (const f of files) {
    const gz = readFileSync(f);
    const text = variant === 'one-buffer' ? gunzipSync(gz, { chunkSize: gz.readUInt32LE(gz.length - 4) + 1024 }) : gunzipSync(gz);
    bytes += text.length;
    records += JSON.parse(text.toString('utf8')).Records.length;
  }
  return { records, bytes };
}

if (!isMainThread) {
  parentPort.postMessage(floor(workerData.files, 'plain'));
} else {
  await main();
}

async function main() {
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
  if (variant === 'threads') {
    const n = availableParallelism();
    const parts = await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { files: files.filter((_, k) => k % n === i) } });
        return new Promise((done, fail) => worker.once('message', done).once('error', fail));
      }),
    );
    for (const p of parts) {
      records += p.records;
      bytes += p.bytes;
    }
  } else {
    ({ records, bytes } = floor(files, variant));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(`${JSON.stringify({ records, ms, bytes, rssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}
