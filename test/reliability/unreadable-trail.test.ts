/**
 * CloudTrail that cannot be read never leaves an "unused" claim standing where it may lie:
 * a truncated log file, a cut-off line, a file of unknown place. Placed by its delivered-log
 * path, else by the records read before the cut; a loss outside the window blocks nothing,
 * and one of unknown region or time blocks everywhere.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeExport } from '../../cli/analyze-export.ts';
import type { Report } from '../../core/report/schema.ts';
import { ACCOUNT } from '../helpers/fixtures.ts';
import { call, hostileExport, iamPage, logFile, logPath, ROLE, truncated } from './hostile-export.ts';

const NOW = new Date('2026-11-20T00:00:00Z');
const run = (input: string, o: { since?: string; until?: string; workers?: number; roles?: string[] } = {}) => analyzeExport({ input, now: NOW, workers: 1, ...o });
const role = (r: Report) => r.roles.find((x) => x.roleName === ROLE)!;
const unused = (r: Report) => role(r).unused.map((u) => u.action);

/** The role's only PutObject call, in a file that cannot be read. */
const lostPut = (time: string) => truncated(logFile([call('PutObject', time), call('GetObject', time)]));

describe('CloudTrail that cannot be read', () => {
  it('the control: with every file read, granted and unseen actions are unused', async () => {
    const r = await run(hostileExport());
    expect(unused(r)).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(r.input.incompleteRegions).toBeUndefined();
  });

  it('a truncated log file of a day in the window: nothing is unused, the region is named', async () => {
    const r = await run(hostileExport({ [logPath('2026-11-10', 'us-east-1', 5)]: lostPut('2026-11-10T05:00:00Z') }));
    expect(unused(r)).toEqual([]);
    expect(role(r).notObservable.map((n) => [n.action, n.reason])).toEqual([
      ['s3:DeleteObject', 'incomplete-input'],
      ['s3:PutObject', 'incomplete-input'],
    ]);
    expect(r.input.incompleteRegions).toEqual(['us-east-1']);
    expect(r.problems.join('\n')).toMatch(/skipped CloudTrail file .*_CloudTrail_us-east-1_20261110T0500Z_abc5\.json\.gz: unreadable-gzip \(us-east-1, 2026-11-10\)/);
  });

  it('a truncated file between two read days blocks too, and so does the organisation path form', async () => {
    const between = await run(
      hostileExport({ [logPath('2026-11-12')]: lostPut('2026-11-12T05:00:00Z'), [logPath('2026-11-13')]: logFile([call('GetObject', '2026-11-13T05:00:00Z')]) }),
    );
    expect(unused(between)).toEqual([]);
    const org = `cloudtrail/AWSLogs/o-a1b2c3d4e5/${ACCOUNT}/CloudTrail/eu-west-1/2026/11/10/${ACCOUNT}_CloudTrail_eu-west-1_20261110T0100Z_x.json.gz`;
    const r = await run(hostileExport({ [org]: lostPut('2026-11-10T01:00:00Z') }));
    expect(unused(r)).toEqual([]);
    expect(r.input.incompleteRegions).toEqual(['eu-west-1']);
  });

  it('a cut-off .jsonl line is placed by the records read before it', async () => {
    const lines = [call('GetObject', '2026-11-10T10:30:00Z'), call('GetObject', '2026-11-10T10:31:00Z')].map((x) => JSON.stringify(x));
    const cut = JSON.stringify(call('PutObject', '2026-11-10T10:32:00Z')).slice(0, 150);
    const r = await run(hostileExport({ 'cloudtrail/extract.jsonl': `${lines.join('\n')}\n${cut}\n` }));
    expect(unused(r)).toEqual([]);
    expect(r.input.incompleteRegions).toEqual(['us-east-1']);
    expect(r.problems.join('\n')).toMatch(/extract\.jsonl: 1 record could not be read \(us-east-1, 2026-11-10\)/);
  });

  it('a line that holds no record (a note) loses no call: counted, not blocking', async () => {
    const r = await run(hostileExport({ 'cloudtrail/extract.jsonl': `${JSON.stringify(call('GetObject', '2026-11-10T10:30:00Z'))}\n-- copied by hand --\n` }));
    expect(r.input.skipped).toEqual({ 'invalid-json': 1 });
    expect(unused(r)).toEqual(['s3:DeleteObject', 's3:PutObject']);
  });

  it('a file whose region and time are unknown blocks everywhere', async () => {
    const r = await run(hostileExport({ 'cloudtrail/old-download.json.gz': lostPut('2026-11-10T05:00:00Z') }));
    expect(unused(r)).toEqual([]);
    expect(r.input.incompleteRegions).toEqual(['unknown region']);
    expect(r.problems.join('\n')).toMatch(/old-download\.json\.gz: unreadable-gzip \(region unknown, time unknown\)/);
  });

  it('a loss outside the window blocks nothing, and says so', async () => {
    const before = await run(hostileExport({ [logPath('2026-11-08')]: lostPut('2026-11-08T05:00:00Z') }));
    // The window is the span of the events read, which this day's loss is outside of.
    expect(before.window.start).toBe('2026-11-10T10:00:00Z');
    expect(unused(before)).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(before.problems.join('\n')).toMatch(/\(us-east-1, 2026-11-08: outside the window\)/);
    // A loss between read days blocks, unless the asked-for window ends before it.
    const input = hostileExport({ [logPath('2026-11-12')]: lostPut('2026-11-12T05:00:00Z'), [logPath('2026-11-13')]: logFile([call('GetObject', '2026-11-13T05:00:00Z')]) });
    expect(unused(await run(input))).toEqual([]);
    expect(unused(await run(input, { until: '2026-11-11T12:00:00Z' }))).toEqual(['s3:DeleteObject', 's3:PutObject']);
  });

  it('an input without a single readable event calls nothing unused, even for a role of no known region', async () => {
    const input = hostileExport();
    rmSync(join(input, 'cloudtrail'), { recursive: true });
    rmSync(join(input, 'ecs'), { recursive: true });
    // Management actions: observable in any CloudTrail, so only the missing input can hide them.
    const page = structuredClone(iamPage);
    page.RoleDetailList[0]!.RolePolicyList[0]!.PolicyDocument.Statement[0]!.Action = ['sqs:CreateQueue', 'sqs:DeleteQueue'];
    (page.RoleDetailList[0]!.RolePolicyList[0]!.PolicyDocument.Statement[0] as { Resource: unknown }).Resource = '*';
    writeFileSync(join(input, 'iam', 'authorization-details.json'), JSON.stringify(page));
    const r = await run(input, { roles: [ROLE] });
    expect(role(r).grantedActions).toBe(2);
    expect(unused(r)).toEqual([]);
    expect(r.problems).toContain('no readable CloudTrail event in the input: nothing can be called unused');
  });

  it('the fold workers place losses the same way', async () => {
    const r = await run(hostileExport({ [logPath('2026-11-10', 'us-east-1', 5)]: lostPut('2026-11-10T05:00:00Z') }), { workers: 2 });
    expect(r.input.incompleteRegions).toEqual(['us-east-1']);
    expect(unused(r)).toEqual([]);
  }, 30_000);
});
