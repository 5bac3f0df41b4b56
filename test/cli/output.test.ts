/**
 * Where the report goes: a reader that stops early (`| head`) ends the run quietly; a file
 * that cannot be written is one line and exit 1, never a stack; a file of the export is
 * never overwritten.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/run-main.ts';
import { hostileExport } from '../reliability/hostile-export.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'policy-drift.js');
const SAMPLE = 'examples/sample-account';

/** The command piped into `head -c 100`, as a user would: a real pipe (64 KB), closed early. */
function pipedToHead(...args: string[]): Promise<{ code: number | null; stderr: string; got: string }> {
  return new Promise((done) => {
    const command = `set -o pipefail; "${process.execPath}" "${BIN}" ${args.map((a) => `'${a}'`).join(' ')} | head -c 100`;
    const child = spawn('bash', ['-c', command], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let got = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (got += d));
    child.on('close', (code) => done({ code, stderr, got }));
  });
}

describe('report output', () => {
  it('ends quietly when the reader closes the pipe early (EPIPE)', async () => {
    // The JSON report of the sample (about 100 KB) is larger than a pipe holds.
    const r = await pipedToHead('analyze', '--input', SAMPLE, '--format', 'json', '--workers', '1');
    expect(r.got).toMatch(/^\{\n  "schemaVersion": 1,/);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 60_000);

  it.each([
    ['a missing folder', () => join(mkdtempSync(join(tmpdir(), 'pd-out-')), 'no', 'such', 'report.txt'), /no such folder/],
    ['a folder', () => mkdtempSync(join(tmpdir(), 'pd-out-')), /it is a folder/],
    ['a path through a file', () => join(BIN, 'report.txt'), /a part of the path is not a folder/],
    ['a place nobody may write (sysfs)', () => '/sys/policy-drift-report.txt', /permission denied|read-only file system|no such folder/],
  ])('--out to %s: one line, exit 1, no stack', async (_what, target, why) => {
    const out = target();
    const r = await runMain('analyze', '--input', SAMPLE, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^policy-drift: cannot write the report to .*: ${why.source}`));
    expect(r.stderr).not.toMatch(/internal error|    at /);
  });

  it('--out to a full disk (/dev/full): one line, exit 1', async () => {
    if (!existsSync('/dev/full')) return;
    const r = await runMain('analyze', '--input', SAMPLE, '--out', '/dev/full', '--workers', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('policy-drift: cannot write the report to /dev/full: no space left on the device\n');
  }, 30_000);

  it('refuses --out pointed at a file of the --input export, also through a link, and leaves it alone', async () => {
    const input = hostileExport();
    const iam = join(input, 'iam', 'authorization-details.json');
    const before = readFileSync(iam, 'utf8');
    const direct = await runMain('analyze', '--input', input, '--out', iam, '--format', 'json');
    expect(direct.code).toBe(2);
    expect(direct.stderr.split('\n')[0]).toBe(`policy-drift: --out ${iam} is a file of the --input export: refusing to overwrite it; write the report elsewhere`);
    const elsewhere = mkdtempSync(join(tmpdir(), 'pd-out-'));
    symlinkSync(iam, join(elsewhere, 'linked.json'));
    const linked = await runMain('analyze', '--input', input, '--out', join(elsewhere, 'linked.json'));
    expect(linked.code).toBe(2);
    expect(readFileSync(iam, 'utf8')).toBe(before);
    // A new file beside the export's files is fine.
    const fresh = join(input, 'report.txt');
    expect((await runMain('analyze', '--input', input, '--out', fresh, '--workers', '1')).code).toBe(0);
    expect(statSync(fresh).size).toBeGreaterThan(0);
  }, 30_000);

  it('refuses the export file when the export itself is reached through a link', async () => {
    const input = hostileExport();
    const link = join(mkdtempSync(join(tmpdir(), 'pd-out-')), 'export');
    symlinkSync(input, link);
    mkdirSync(join(input, 'notes'));
    const r = await runMain('analyze', '--input', link, '--out', join(input, 'ecs', 'app-1.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a file of the --input export/);
  });
});
