/**
 * `analyze --live` through the real SDK against the sandbox gives the same findings as
 * `analyze --input` on the same account exported to files (management events only, as
 * LookupEvents returns).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeExport } from '../../cli/analyze-export.ts';
import { analyzeLive } from '../../cli/analyze-live.ts';
import type { Report } from '../../core/report/schema.ts';
import { writeScenarioExport } from '../../sandbox/export.ts';
import { scenarioFromExport } from '../../sandbox/scenario.ts';
import { startSandbox, type Sandbox } from '../../sandbox/server.ts';
import { withEnv } from '../helpers/env.ts';

let sb: Sandbox;
let live: Report;
let fromFiles: Report;
const window = { since: '2026-11-09T00:00:00Z', until: '2026-11-17T00:00:00Z' };
const now = new Date('2026-11-20T00:00:00Z');

beforeAll(async () => {
  const scenario = await scenarioFromExport();
  // Page size 1: every ECS and IAM list call has to follow its pagination tokens.
  sb = await startSandbox(scenario, { now: Date.parse('2026-11-17T00:00:00Z'), pageSize: 1 });
  const lines: string[] = [];
  // The export written below holds no IAM last-accessed files: the live run reads none either (test/e2e/evidence.test.ts covers them).
  live = await withEnv(sb.env(), () => analyzeLive({ regions: ['us-east-1'], ...window, now, progress: (l) => lines.push(l), clock: sb.clock, lastAccessed: false }));
  const dir = mkdtempSync(join(tmpdir(), 'pd-live-export-'));
  // The tasks ECS lists at the live run's time, as a describe-tasks file: both runs know the same tasks.
  writeScenarioExport(scenario, dir, { managementOnly: true, tasksAt: sb.state.now });
  fromFiles = await analyzeExport({ input: dir, ...window, now });
}, 60_000);
afterAll(() => sb.close());

const findings = (r: Report) =>
  r.roles.map((x) => ({
    role: x.roleArn,
    usedAs: x.usedAs,
    workloads: x.workloads,
    grantsStatus: x.grantsStatus,
    used: x.used,
    unused: x.unused,
    notObservable: x.notObservable,
    denied: x.denied,
    suggested: x.suggestedPolicies,
    consider: x.consider,
    ecsAssumed: x.ecsAssumed,
  }));

describe('analyze --live against the sandbox', () => {
  it('gives the same findings as analyze --input on the same account', () => {
    expect(live.roles).toHaveLength(5);
    expect(findings(live)).toEqual(findings(fromFiles));
    expect(live.input.records).toBe(fromFiles.input.records);
  });

  it('reads management events only, so data-plane actions are not observable', () => {
    const api = live.roles.find((r) => r.roleName === 'orders-api-task')!;
    expect(api.notObservable.find((n) => n.action === 's3:GetObject')?.reason).toBe('no-data-events');
    expect(live.input.dataEventServices).toEqual([]);
  });

  it('never exceeded LookupEvents\' 2 requests per second', () => {
    const times = sb.state.calls.filter((c) => c.op === 'CloudTrail.LookupEvents').map((c) => c.at);
    // In the sandbox's time, where the limiter paces: any three requests span at least a second.
    expect(times.length).toBeGreaterThan(2);
    for (let i = 2; i < times.length; i++) expect(times[i]! - times[i - 2]!).toBeGreaterThanOrEqual(900);
  });
});
