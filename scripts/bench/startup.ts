/**
 * `npm run bench:startup` (also the first lines of `npm run bench`): how long the command
 * takes to start, as a user runs it (`node bin/policy-drift.js`, the compiled CLI):
 *
 * - `--help`: wall time from spawning the process to its exit;
 * - `analyze --input examples/sample-account`: wall time from spawning the process to its
 *   first touch of the input folder (probe.mjs, preloaded, notes the first file
 *   call on a path inside it), and to its exit.
 *
 * Each is run `runs` times after one unmeasured run (which builds dist/ if stale); the
 * median and the range are printed beside the target (0.25 s before reading input).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'policy-drift.js');
const PROBE = pathToFileURL(join(import.meta.dirname, 'probe.mjs')).href;
const SAMPLE = join(ROOT, 'examples', 'sample-account');
/** The issue's target: the command starts reading its input within this many seconds. */
export const STARTUP_TARGET_S = 0.25;

interface Run {
  /** Seconds from spawn to the first touch of the input (undefined when it never touched it). */
  firstRead?: number;
  /** Seconds from spawn to exit. */
  exit: number;
}

/** One run of the command; with `inputDir`, the first-read probe watches that folder. */
function runOnce(args: string[], inputDir?: string): Promise<Run> {
  const env = { ...process.env, ...(inputDir ? { POLICY_DRIFT_STARTUP_PROBE: inputDir } : {}) };
  const started = Date.now();
  const child = spawn(process.execPath, [...(inputDir ? ['--import', PROBE] : []), BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const exit = (Date.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`policy-drift ${args.join(' ')} exited ${code}: ${stderr}`));
      const mark = /policy-drift-probe first-read (\d+)/.exec(stderr);
      resolve({ exit, ...(mark ? { firstRead: (Number(mark[1]) - started) / 1000 } : {}) });
    });
  });
}

export interface StartupFigures {
  help: number[];
  analyzeFirstRead: number[];
  analyzeExit: number[];
}

/** Measure `runs` times each (after a warm-up run that also builds dist/ when stale). */
export async function measureStartup(runs = 7): Promise<StartupFigures> {
  await runOnce(['--help']);
  const out: StartupFigures = { help: [], analyzeFirstRead: [], analyzeExit: [] };
  for (let i = 0; i < runs; i++) {
    out.help.push((await runOnce(['--help'])).exit);
    const a = await runOnce(['analyze', '--input', SAMPLE], SAMPLE);
    if (a.firstRead === undefined) throw new Error('analyze never touched its input: the startup probe saw no file call');
    out.analyzeFirstRead.push(a.firstRead);
    out.analyzeExit.push(a.exit);
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)} s`;

/** The figures as lines, with the target beside them. */
export function startupLines(f: StartupFigures): string[] {
  const line = (label: string, xs: number[], target?: number) =>
    `${label.padEnd(44)} median ${median(xs).toFixed(2)} s (${range(xs)}, ${xs.length} runs)${target ? `   target < ${target} s: ${median(xs) < target ? 'met' : 'NOT met'}` : ''}`;
  return [
    line('startup: policy-drift --help, to exit', f.help, STARTUP_TARGET_S),
    line('startup: analyze sample account, to first read', f.analyzeFirstRead, STARTUP_TARGET_S),
    line('         analyze sample account, to exit', f.analyzeExit),
  ];
}

if (import.meta.filename === process.argv[1]) {
  for (const l of startupLines(await measureStartup(Number(process.argv[2] ?? 7)))) process.stdout.write(`${l}\n`);
}
