/**
 * `--format html` and `--history`: earlier reports feed the HTML trend and the drift
 * comparison; a named file that is not a report is an error, other files in a folder are
 * skipped and counted.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/run-main.ts';
import { sampleReport } from '../helpers/sample-report.ts';

const INPUT = 'examples/sample-account';

function historyDir(): { dir: string; generatedAt: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pd-history-'));
  const earlier = sampleReport();
  earlier.generatedAt = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 19) + 'Z';
  earlier.roles[0]!.used.shift();
  mkdirSync(join(dir, 'reports', 'w1'), { recursive: true });
  writeFileSync(join(dir, 'reports', 'w1', 'report.json'), JSON.stringify(earlier));
  writeFileSync(join(dir, 'reports', 'notes.json'), '{"hello": "world"}');
  return { dir, generatedAt: earlier.generatedAt };
}

describe('analyze --format html and --history', () => {
  it('writes one self-contained page', async () => {
    const r = await runMain('analyze', '--input', INPUT, '--format', 'html');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(r.stdout).toContain('orders-api-task');
    expect(r.stdout).not.toContain('id="trend"');
  });

  it('compares with the newest earlier report and draws a trend point per week', async () => {
    const { dir, generatedAt } = historyDir();
    const md = await runMain('analyze', '--input', INPUT, '--format', 'markdown', '--history', dir);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(`## Since the previous report (${generatedAt.replace(/([-.])/g, '\\$1')})`);
    expect(md.stderr).toMatch(/1 earlier report read, 1 other JSON file skipped\n  skipped .*notes\.json: not a policy-drift JSON report/);
    const html = await runMain('analyze', '--input', INPUT, '--format', 'html', '--history', dir);
    expect(html.stdout.match(/class="trend-point"/g)).toHaveLength(3 * 2);
  });

  it('refuses a named file that is not a report, and a path that does not exist', async () => {
    const { dir } = historyDir();
    const bad = await runMain('analyze', '--input', INPUT, '--history', join(dir, 'reports', 'notes.json'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--history: .*notes\.json: not a policy-drift JSON report/);
    const missing = await runMain('analyze', '--input', INPUT, '--history', join(dir, 'nope'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--history: no such file or folder/);
  });

  it('skips and names a FIFO (or a link to one) named *.json in a folder instead of waiting on it forever, and refuses one named', async () => {
    const { dir } = historyDir();
    const fifo = join(dir, 'reports', 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    symlinkSync(fifo, join(dir, 'reports', 'link-to-pipe.json'));
    const r = await runMain('analyze', '--input', INPUT, '--format', 'json', '--history', dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 earlier report read, 3 other JSON files skipped/);
    expect(r.stderr).toMatch(/skipped .*link-to-pipe\.json: a FIFO, not read/);
    expect(r.stderr).toMatch(/skipped .*reports\/pipe\.json: a FIFO, not read/);
    expect(JSON.parse(r.stdout).drift).toBeDefined();
    const named = await runMain('analyze', '--input', INPUT, '--history', fifo);
    expect(named.code).toBe(1);
    expect(named.stderr).toMatch(/--history: .*pipe\.json is a FIFO, not a report file/);
  }, 30_000);

  it('says html is a format', async () => {
    const r = await runMain('analyze', '--input', INPUT, '--format', 'pdf');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be text, markdown, json or html, not pdf/);
  });
});
