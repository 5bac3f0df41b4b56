/**
 * `npm run bench [-- --records N] [-- --rounds R]`: throughput of the CloudTrail fold
 * against the floor (read + gunzip + JSON.parse), peak memory, wildcard-grant expansion
 * and aggregate merging. Prints figures; asserts nothing. Ratios are taken within one run,
 * best of `rounds` (default 2) interleaved rounds, because shared machines are noisy.
 */
import { execFileSync } from 'node:child_process';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mergeAggregates, wildcardRoles } from './in-process.ts';
import { syntheticExport } from './synthetic.ts';

const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '2' }, dir: { type: 'string' } } });
const records = Number(values.records);
const rounds = Number(values.rounds);
const root = values.dir ?? join(tmpdir(), 'policy-drift-bench');

const say = (s: string) => process.stdout.write(`${s}\n`);
say(`policy-drift bench · ${new Date().toISOString()} · node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
const t0 = Date.now();
const dir = syntheticExport(root, { records });
say(`input: ${records.toLocaleString('en-US')} synthetic CloudTrail records in ${dir} (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);

interface Phase { phase: string; records: number; ms: number; bytes: number; rssMB: number }
const runPhase = (phase: string): Phase =>
  JSON.parse(execFileSync(process.execPath, ['--no-warnings', '--import', 'tsx', join(import.meta.dirname, 'phase.ts'), phase, dir], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').pop()!);

const best = new Map<string, Phase>();
const peak = new Map<string, number>();
for (let r = 0; r < rounds; r++) {
  for (const phase of ['baseline', 'analyze-1', 'analyze-all']) {
    const p = runPhase(phase);
    if (p.records !== records) throw new Error(`${phase} read ${p.records} records, expected ${records}`);
    if (!best.has(phase) || p.ms < best.get(phase)!.ms) best.set(phase, p);
    peak.set(phase, Math.max(peak.get(phase) ?? 0, p.rssMB));
  }
}
const rate = (p: Phase) => p.records / (p.ms / 1000);
const base = best.get('baseline')!;
say('');
say('phase                          records/s    MB/s   peak RSS   × baseline');
const labels: Record<string, string> = { baseline: '1. read+gunzip+JSON.parse', 'analyze-1': '2. analyze, 1 worker', 'analyze-all': `3. analyze, ${cpus().length} workers` };
for (const [phase, p] of best) {
  say(
    `${labels[phase]!.padEnd(28)} ${Math.round(rate(p)).toLocaleString('en-US').padStart(11)} ${(p.bytes / 1e6 / (p.ms / 1000)).toFixed(0).padStart(7)} ${`${peak.get(phase)!.toFixed(0)} MB`.padStart(10)} ${(rate(p) / rate(base)).toFixed(2).padStart(12)}`,
  );
}
say('');
say(`ratio 2/1: ${(rate(best.get('analyze-1')!) / rate(base)).toFixed(2)} (target ≥ 0.80)   ratio 3/1: ${(rate(best.get('analyze-all')!) / rate(base)).toFixed(2)} (target ≥ 1.60)`);
const w = await wildcardRoles();
say(`200 roles with wildcard grants: expanded and analysed in ${(w.ms / 1000).toFixed(2)} s (${w.grantedActions.toLocaleString('en-US')} granted actions in all; target < 2 s)`);
const m = await mergeAggregates();
say(`8,640 stored aggregates (${(m.bytes / 1e6).toFixed(1)} MB of JSON): parsed and merged in ${(m.ms / 1000).toFixed(2)} s (${m.events.toLocaleString('en-US')} events; target < 10 s)`);
// Trail mode: one ingest invocation on the largest log file assumed (50 MB), at the default 512 MB; twice that needs 1024 MB.
const { benchIngest, ingestLines } = await import('./ingest.ts');
say(ingestLines([await benchIngest(root, 40_000, 512), await benchIngest(root, 80_000, 512), await benchIngest(root, 80_000, 1024)]).join('\n'));
