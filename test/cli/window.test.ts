/**
 * `--since`/`--until` through the command: a window that holds no event is a usage error
 * that says so, a date that does not exist is refused, a time without a zone is UTC, and
 * the report's window is the span of the data read, never wider.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withEnv } from '../helpers/env.ts';
import { runMain } from '../helpers/run-main.ts';
import { call, hostileExport, logFile, logPath } from '../reliability/hostile-export.ts';

const SAMPLE = 'examples/sample-account';

async function jsonReport(...args: string[]) {
  const out = join(mkdtempSync(join(tmpdir(), 'pd-window-')), 'report.json');
  const r = await runMain('analyze', '--format', 'json', '--out', out, '--workers', '1', ...args);
  expect(r.stderr).toMatch(/report written/);
  return JSON.parse(readFileSync(out, 'utf8'));
}

describe('the analysis window on the command line', () => {
  it('--since after the last event and --until before the first are usage errors that say so', async () => {
    const after = await runMain('analyze', '--input', SAMPLE, '--since', '2026-12-01');
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/^policy-drift: --since 2026-12-01T00:00:00Z is after the last CloudTrail event of the input \(2026-11-16T23:59:17Z\)\n/);
    const before = await runMain('analyze', '--input', SAMPLE, '--until', '2026-11-01');
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/--until 2026-11-01T23:59:59Z is before the first CloudTrail event of the input/);
    expect(after.stdout + before.stdout).toBe('');
  });

  it('a window between events is a usage error, not 100% unused', async () => {
    const input = hostileExport({ [logPath('2026-11-13')]: logFile([call('GetObject', '2026-11-13T05:00:00Z')]) });
    const r = await runMain('analyze', '--input', input, '--since', '2026-11-11', '--until', '2026-11-12', '--workers', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no CloudTrail event from 2026-11-11T00:00:00Z to 2026-11-12T23:59:59Z: the input's events run from 2026-11-10T10:00:00Z to 2026-11-13T05:00:00Z/);
  });

  it.each(['2026-02-30', '1', '2026-11-31', '2026-11-10T25:00'])('--since %s is a usage error, not a rollover', async (value) => {
    const r = await runMain('analyze', '--input', SAMPLE, '--since', value);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^policy-drift: --since: not a (valid )?date or time: ${value}`));
  });

  it('claims only the span of the data read when the window is wider', async () => {
    const report = await jsonReport('--input', SAMPLE, '--since', '2026-10-01', '--until', '2026-12-31');
    expect(report.window).toEqual({ start: '2026-11-09T00:00:00Z', end: '2026-11-16T23:59:17Z' });
    for (const role of report.roles) expect(role.evidence).not.toMatch(/2026-10-01|2026-12-31/);
  }, 30_000);

  it('reads a time without a zone as UTC, in any host time zone', async () => {
    const report = await withEnv({ TZ: 'Asia/Tokyo' }, () => jsonReport('--input', SAMPLE, '--since', '2026-11-12T10:00'));
    expect(report.window.start).toBe('2026-11-12T10:00:00Z');
  }, 30_000);

  it('skips and counts an event time more than a day after the run\'s clock, instead of stretching the window to it', async () => {
    const input = hostileExport({ [logPath('2026-11-11')]: logFile([call('GetObject', '2026-11-11T05:00:00Z'), call('PutObject', '9999-12-31T23:59:59Z')]) });
    const report = await jsonReport('--input', input);
    expect(report.window).toEqual({ start: '2026-11-10T10:00:00Z', end: '2026-11-11T05:00:00Z' });
    expect(report.input.skipped).toEqual({ 'future-eventTime': 1 });
    expect(report.input.records).toBe(5);
    // A time within a day of the clock is a slow clock, not a damaged record: it is read.
    const soon = new Date(Date.now() + 3_600_000).toISOString().slice(0, 19) + 'Z';
    const near = await jsonReport('--input', hostileExport({ [logPath('2026-11-11')]: logFile([call('GetObject', soon)]) }));
    expect(near.window.end).toBe(soon);
    expect(near.input.skipped).toEqual({});
  }, 30_000);
});
