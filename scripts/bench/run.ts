/**
 * `npm run bench [-- --records N[,N…]] [-- --rounds R] [-- --mix M] [-- --dir D]`: how fast
 * the command starts; the CloudTrail fold's throughput on two synthetic mixes (see
 * synthetic-mixes.ts) against the floor (read + gunzip + JSON.parse, on one thread and on
 * all cores: on a shared machine the cores are not all free) and its peak memory,
 * with the targets beside them; wildcard-grant expansion; aggregate merging. Prints
 * figures; asserts nothing. Ratios are taken within one run, best of `rounds` (default 2)
 * interleaved rounds, because shared machines are noisy.
 *
 * Each phase runs in its own process, so that its time and peak RSS are its own: the floor
 * as plain JavaScript (floor.mjs), `analyze` as the user runs it (`node bin/policy-drift.js
 * analyze --input DIR --format json --out FILE`, the compiled CLI), its peak RSS read by
 * probe.mjs, preloaded. Given several record counts, it also says whether peak RSS stays
 * flat between the smallest and the largest.
 */
import { execFile } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { mergeAggregates, wildcardRoles } from './in-process.ts';
import { measureStartup, startupLines } from './startup.ts';
import { MIXES, type MixName } from './synthetic-mixes.ts';
import { syntheticExport } from './synthetic.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '2' },
    mix: { type: 'string', multiple: true },
    dir: { type: 'string' },
    'skip-startup': { type: 'boolean', default: false },
  },
});
const counts = values.records.split(',').map(Number);
const rounds = Number(values.rounds);
const mixes = (values.mix ?? MIXES) as MixName[];
const root = values.dir ?? join(tmpdir(), 'policy-drift-bench');

/** The targets of issue #17, as ratios to the floor and megabytes. */
const TARGET = { oneWorker: 0.8, allCores: 1.5, rssMB: 300, flat: 0.1 };
const DESCRIBE: Record<MixName, string> = {
  mixed: '60 % of records by 20 tracked roles, half data events, 1 % denials',
  'tracked-heavy': '80 % of records by 40 tracked roles, thousands of distinct resources, long S3 keys, 1 % denials',
};

const say = (s: string) => process.stdout.write(`${s}\n`);
say(`policy-drift bench · ${new Date().toISOString()} · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} · ${Math.round(totalmem() / 2 ** 30)} GiB`);
if (!values['skip-startup']) for (const l of startupLines(await measureStartup())) say(l);

type PhaseName = 'floor' | 'floor-one-buffer' | 'floor-threads' | 'analyze-1' | 'analyze-all';
interface Phase {
  records: number;
  ms: number;
  bytes: number;
  rssMB: number;
}
const PROBE = pathToFileURL(join(import.meta.dirname, 'probe.mjs')).href;
const scratch = mkdtempSync(join(tmpdir(), 'policy-drift-bench-out-'));

/** The sum of the uncompressed sizes of the export's log files, from each gzip trailer (read after the clock stopped). */
function uncompressedBytes(dir: string): number {
  let bytes = 0;
  const tail = Buffer.alloc(4);
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.json.gz')) {
        const fd = openSync(p, 'r');
        readSync(fd, tail, 0, 4, fstatSync(fd).size - 4);
        closeSync(fd);
        bytes += tail.readUInt32LE(0);
      }
    }
  };
  walk(join(dir, 'cloudtrail'));
  return bytes;
}

async function runPhase(phase: PhaseName, dir: string): Promise<Phase> {
  if (phase === 'floor' || phase === 'floor-one-buffer' || phase === 'floor-threads') {
    const variant = phase === 'floor' ? 'plain' : phase === 'floor-one-buffer' ? 'one-buffer' : 'threads';
    const { stdout } = await run(process.execPath, [join(import.meta.dirname, 'floor.mjs'), dir, variant], { maxBuffer: 1 << 20 });
    return JSON.parse(stdout.trim().split('\n').pop()!) as Phase;
  }
  const out = join(scratch, 'report.json');
  const args = ['--import', PROBE, join(ROOT, 'bin', 'policy-drift.js'), 'analyze', '--input', dir, '--format', 'json', '--out', out, ...(phase === 'analyze-1' ? ['--workers', '1'] : [])];
  const started = process.hrtime.bigint();
  const { stderr } = await run(process.execPath, args, { env: { ...process.env, POLICY_DRIFT_RSS_PROBE: '1' }, maxBuffer: 1 << 24 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = /policy-drift-probe max-rss ([\d.]+)/.exec(stderr);
  const report = JSON.parse(readFileSync(out, 'utf8')) as { input: { records: number } };
  rmSync(out, { force: true });
  return { records: report.input.records, ms, bytes: uncompressedBytes(dir), rssMB: Number(rss?.[1] ?? NaN) };
}

const PHASES: PhaseName[] = ['floor', 'floor-one-buffer', 'floor-threads', 'analyze-1', 'analyze-all'];
const LABEL: Record<PhaseName, string> = {
  floor: '1. read+gunzip+JSON.parse (floor)',
  'floor-one-buffer': '   the same, gunzip to one buffer',
  'floor-threads': `   the same, ${cpus().length} threads (all cores)`,
  'analyze-1': '2. analyze --workers 1',
  'analyze-all': `3. analyze, ${cpus().length} workers (all cores)`,
};
const rate = (p: Phase) => p.records / (p.ms / 1000);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** Best time and highest peak RSS of each phase over the rounds, interleaved. */
async function measureMix(mix: MixName, records: number): Promise<Map<PhaseName, Phase>> {
  const t0 = Date.now();
  const dir = syntheticExport(root, { records, mix });
  say('');
  say(`mix ${mix} (${DESCRIBE[mix]}): ${records.toLocaleString('en-US')} records in ${dir} (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const best = new Map<PhaseName, Phase>();
  for (let r = 0; r < rounds; r++) {
    for (const phase of PHASES) {
      const p = await runPhase(phase, dir);
      if (p.records !== records) throw new Error(`${phase} read ${p.records} records, expected ${records}`);
      const was = best.get(phase);
      best.set(phase, { ...(was && was.ms < p.ms ? was : p), rssMB: Math.max(was?.rssMB ?? 0, p.rssMB) });
    }
  }
  const floor = best.get('floor')!;
  say(`phase                                    records/s     MB/s   peak RSS   × floor   targets`);
  for (const [phase, p] of best) {
    const ratio = rate(p) / rate(floor);
    const target =
      phase === 'analyze-1'
        ? `≥ ${TARGET.oneWorker.toFixed(2)}: ${mark(ratio >= TARGET.oneWorker)}; RSS < ${TARGET.rssMB} MB: ${mark(p.rssMB < TARGET.rssMB)}`
        : phase === 'analyze-all'
          ? `≥ ${TARGET.allCores.toFixed(2)}: ${mark(ratio >= TARGET.allCores)}; RSS < ${TARGET.rssMB} MB: ${mark(p.rssMB < TARGET.rssMB)}; ${(rate(p) / rate(best.get('floor-threads')!)).toFixed(2)} × the floor on all cores`
          : '';
    say(`${LABEL[phase].padEnd(38)} ${fmt(rate(p)).padStart(11)} ${(p.bytes / 1e6 / (p.ms / 1000)).toFixed(0).padStart(8)} ${`${p.rssMB.toFixed(0)} MB`.padStart(10)} ${ratio.toFixed(2).padStart(9)}   ${target}`);
  }
  return best;
}

for (const mix of mixes) {
  const byCount = new Map<number, Map<PhaseName, Phase>>();
  for (const records of counts) byCount.set(records, await measureMix(mix, records));
  if (counts.length > 1) {
    const [lo, hi] = [Math.min(...counts), Math.max(...counts)];
    for (const phase of ['analyze-1', 'analyze-all'] as const) {
      const [a, b] = [byCount.get(lo)!.get(phase)!.rssMB, byCount.get(hi)!.get(phase)!.rssMB];
      const growth = (b - a) / a;
      say(`${mix}, ${LABEL[phase].slice(3)}: peak RSS ${a.toFixed(0)} MB at ${fmt(lo)} records, ${b.toFixed(0)} MB at ${fmt(hi)} (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)} %)   target flat within ${TARGET.flat * 100} %: ${mark(Math.abs(growth) <= TARGET.flat)}`);
    }
  }
}
rmSync(scratch, { recursive: true, force: true });

say('');
const w = await wildcardRoles();
say(`200 roles with wildcard grants: expanded and analysed in ${(w.ms / 1000).toFixed(2)} s (${w.grantedActions.toLocaleString('en-US')} granted actions in all; target < 2 s)`);
const m = await mergeAggregates();
say(`8,640 stored aggregates (${(m.bytes / 1e6).toFixed(1)} MB of JSON): parsed and merged in ${(m.ms / 1000).toFixed(2)} s (${m.events.toLocaleString('en-US')} events; target < 10 s)`);
// Trail mode: one ingest invocation on the largest log file assumed (50 MB), at the default 512 MB; twice that needs 1024 MB.
const { benchIngest, ingestLines } = await import('./ingest.ts');
say(ingestLines([await benchIngest(root, 40_000, 512), await benchIngest(root, 80_000, 512), await benchIngest(root, 160_000, 512), await benchIngest(root, 80_000, 1024)]).join('\n'));
