/**
 * `npm run bench`, trail mode: one `ingest` invocation on the largest CloudTrail log file we
 * assume CloudTrail delivers, through the bundled handler (esbuild, with serverless.yml's
 * settings, as serverless-esbuild builds it), reading the file from the loopback sandbox's
 * S3 and writing its aggregate there. The invocation runs in a child process whose V8 heap
 * is capped as a 512 MB function's would be; its records/s and peak RSS are its own.
 *
 * The largest file: AWS documents no maximum size for a delivered log file. We assume 50 MB
 * uncompressed (about 40,000 records of 1.3 KB): Panther's CloudTrail processor sizes its
 * Lambda for "largestAllInMemFileMB = 45" (panther-labs/panther, pull request 427), and
 * CloudTrail delivers a region's events about every five minutes, so a file that large is
 * an account making well over 100 calls a second. We also run twice and four times that: the bound of what a function folds.
 *
 * CPU: Lambda gives a function CPU in proportion to its memory, one vCPU at 1,769 MB (AWS
 * Lambda developer guide, "Configuring function memory"); a 512 MB function has about 29%
 * of one. The fold is single-threaded, so the rate at 512 MB is estimated as the rate on one
 * core here × 512/1769.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { backfillMessage } from '../../core/ingest/queue-message.ts';
import { catalogDataDir } from '../../sources/catalog.ts';
import { readExport } from '../../sources/export-snapshot.ts';
import { scenarioFromExport } from '../../sandbox/scenario.ts';
import { startSandbox } from '../../sandbox/server.ts';
import { putObject } from '../../sandbox/trail-bucket.ts';
import { syntheticExport } from './synthetic.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** Lambda's memory at one vCPU. */
const VCPU_MB = 1769;
/** Left outside V8's heap for code, the runtime and buffers. */
const OFF_HEAP_MB = 64;

export interface IngestBench {
  memoryMB: number;
  /** The function refused the file as too large for its memory (it fails alone, named in the report). */
  refused: boolean;
  records: number;
  uncompressedMB: number;
  compressedMB: number;
  ms: number;
  initMs: number;
  peakRssMB: number;
  /** Records per second on one core here, and estimated at the function's memory. */
  rate: number;
  rateAtMemory: number;
}

/** The ingest bundle, built as serverless-esbuild builds it (custom.esbuild in serverless.yml). */
async function bundle(out: string): Promise<string> {
  const outfile = join(out, 'handlers', 'ingest.mjs');
  await build({
    entryPoints: [join(ROOT, 'handlers', 'ingest.ts')],
    bundle: true,
    minify: false,
    sourcemap: false,
    target: 'node22',
    platform: 'node',
    format: 'esm',
    outfile,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    external: ['tsx'],
    logLevel: 'silent',
  });
  return outfile;
}

function trailFileOf(dir: string): string {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.json.gz')) found.push(p);
    }
  };
  walk(join(dir, 'cloudtrail'));
  if (found.length !== 1) throw new Error(`expected one log file in ${dir}, found ${found.length}`);
  return found[0]!;
}

/** One invocation with `memoryMB` on a file of `records` records; returns its figures. */
export async function benchIngest(root: string, records: number, memoryMB: number): Promise<IngestBench> {
  const dir = syntheticExport(root, { records, perFile: records });
  const file = trailFileOf(dir);
  const body = readFileSync(file);
  const key = file.slice(join(dir, 'cloudtrail').length + 1);
  const { account } = await readExport(dir, { workers: 1 });
  const roles = [...account.inventory.roles.values()];
  const work = join(root, `ingest-${records}-${memoryMB}`);
  mkdirSync(work, { recursive: true });
  const handler = await bundle(join(work, 'bundle'));
  const sb = await startSandbox(await scenarioFromExport(), { buckets: ['bench-bucket', 'bench-trail'] });
  try {
    putObject(sb.state, 'bench-trail', key, body);
    const accountId = roles[0]!.accountId;
    sb.state.buckets.get('bench-bucket')!.set(`accounts/${accountId}/state/tracked-roles.json`, { body: Buffer.from(JSON.stringify({ at: new Date().toISOString(), roles, excluded: [], problems: [] })), lastModified: new Date(), etag: '"bench"' });
    const eventFile = join(work, 'event.json');
    writeFileSync(eventFile, JSON.stringify({ Records: [{ messageId: 'bench', body: backfillMessage('bench-trail', key), attributes: { ApproximateReceiveCount: '1' } }] }));
    const env = {
      ...process.env,
      ...sb.env(),
      POLICY_DRIFT_REGIONS: 'us-east-1',
      POLICY_DRIFT_BUCKET: 'bench-bucket',
      POLICY_DRIFT_TOPIC_ARN: `arn:aws:sns:us-east-1:${accountId}:t`,
      POLICY_DRIFT_COLLECT_FROM: 'trail',
      POLICY_DRIFT_ACCOUNT_ID: accountId,
      POLICY_DRIFT_TRAIL_BUCKET: 'bench-trail',
      POLICY_DRIFT_INGEST_QUEUE_URL: 'bench',
      // The zip ships the catalog beside the bundle; here it is the project's copy.
      POLICY_DRIFT_CATALOG_DIR: catalogDataDir(),
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMB),
    };
    // Asynchronously: the sandbox answers from this process's event loop.
    const { stdout: out } = await promisify(execFile)(process.execPath, [`--max-old-space-size=${memoryMB - OFF_HEAP_MB}`, join(import.meta.dirname, 'ingest-child.mjs'), handler, eventFile], { env, encoding: 'utf8', maxBuffer: 1 << 24 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; initMs: number; peakRssMB: number; failures: number };
    const rate = r.failures ? 0 : records / (r.ms / 1000);
    const uncompressedMB = body.readUInt32LE(body.length - 4) / 1e6;
    return { memoryMB, refused: r.failures > 0, records, uncompressedMB, compressedMB: body.length / 1e6, ms: r.ms, initMs: r.initMs, peakRssMB: r.peakRssMB, rate, rateAtMemory: (rate * memoryMB) / VCPU_MB };
  } finally {
    await sb.close();
  }
}

/** The lines `npm run bench` prints for trail mode. */
export function ingestLines(results: IngestBench[]): string[] {
  const lines = ['', `ingest (trail mode): one invocation of the bundled handler, V8 heap capped at the memory less ${OFF_HEAP_MB} MB`];
  lines.push('memory   log file (uncompressed / gzip)   records   records/s here   est. in Lambda   duration   peak RSS');
  for (const r of results) {
    const file = `${r.uncompressedMB.toFixed(0)} MB / ${r.compressedMB.toFixed(1)} MB`.padEnd(30);
    const head = `${`${r.memoryMB} MB`.padEnd(8)} ${file} ${r.records.toLocaleString('en-US').padStart(9)}`;
    if (r.refused) lines.push(`${head}   refused before inflating: more than this memory folds (the message fails alone, named)   ${`${r.peakRssMB.toFixed(0)} MB`.padStart(8)}`);
    else lines.push(`${head} ${Math.round(r.rate).toLocaleString('en-US').padStart(16)} ${Math.round(r.rateAtMemory).toLocaleString('en-US').padStart(16)} ${`${(r.ms / 1000).toFixed(2)} s`.padStart(10)} ${`${r.peakRssMB.toFixed(0)} MB`.padStart(10)}`);
  }
  lines.push(`(est. in Lambda = one core here × memory/${VCPU_MB}: Lambda's CPU share at that memory. Largest delivered file assumed 50 MB uncompressed: see scripts/bench/ingest.ts)`);
  return lines;
}
