/**
 * What CloudTrail an export holds, per account and region and over time, against where each
 * role's tasks run: a role whose account's CloudTrail of its region is missing calls nothing
 * unused, and a role whose region was read over part of the window rests its claims on that
 * part, and says so.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runMain } from '../helpers/run-main.ts';

const A = '111122223333';
const B = '222233334444';
const GRANT = { Effect: 'Allow', Action: ['ssm:GetParameters', 'ssm:PutParameter', 'sqs:CreateQueue'], Resource: '*' };

let n = 0;
/** A management event of `role` in `account`. */
function rec(account: string, role: string, source: string, name: string, time: string, region: string, readOnly: boolean) {
  n++;
  return {
    eventVersion: '1.09',
    userIdentity: { type: 'AssumedRole', arn: `arn:aws:sts::${account}:assumed-role/${role}/0123456789abcdef0123456789abcdef`, accountId: account,
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${account}:role/${role}`, accountId: account, userName: role } } },
    eventTime: time, eventSource: `${source}.amazonaws.com`, eventName: name, awsRegion: region, eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    eventType: 'AwsApiCall', recipientAccountId: account, readOnly, managementEvent: true, eventCategory: 'Management',
  };
}

/** Another principal's reads and writes, so that both kinds of management event are in the input. */
const background = (account: string, day: string, region: string) => [
  rec(account, 'someone-else', 'ec2', 'DescribeInstances', `${day}T09:00:00Z`, region, true),
  rec(account, 'someone-else', 'ec2', 'RunInstances', `${day}T09:30:00Z`, region, false),
];

const logPath = (account: string, region: string, day: string) => `cloudtrail/AWSLogs/${account}/CloudTrail/${region}/${day.replace(/-/g, '/')}/${account}_CloudTrail_${region}_${day.replace(/-/g, '')}T0900Z_abc.json.gz`;

interface Role { account: string; name: string; region: string }

function exportDir(roles: Role[], files: Record<string, unknown[]>): string {
  const root = mkdtempSync(join(tmpdir(), 'pd-coverage-'));
  const write = (rel: string, content: string | Buffer) => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  };
  for (const r of roles) {
    write(`ecs/${r.name}.json`, JSON.stringify({ taskDefinition: { family: r.name, revision: 1, taskDefinitionArn: `arn:aws:ecs:${r.region}:${r.account}:task-definition/${r.name}:1`, taskRoleArn: `arn:aws:iam::${r.account}:role/${r.name}` } }));
  }
  write('iam/authorization-details.json', JSON.stringify({
    RoleDetailList: roles.map((r) => ({ RoleName: r.name, Path: '/', Arn: `arn:aws:iam::${r.account}:role/${r.name}`, RolePolicyList: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [GRANT] } }], AttachedManagedPolicies: [] })),
    Policies: [],
  }));
  for (const [rel, records] of Object.entries(files)) write(rel, rel.endsWith('.gz') ? gzipSync(JSON.stringify({ Records: records })) : JSON.stringify(records.length && 'CloudTrailEvent' in (records[0] as object) ? { Events: records } : { Records: records }));
  return root;
}

const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2026-11-${String(from + i).padStart(2, '0')}`);

async function report(input: string) {
  const out = join(mkdtempSync(join(tmpdir(), 'pd-coverage-out-')), 'report.json');
  const r = await runMain('analyze', '--input', input, '--format', 'json', '--out', out, '--workers', '1');
  expect(r.stderr).toMatch(/report written/);
  return JSON.parse(readFileSync(out, 'utf8'));
}

const roleOf = (rep: { roles: { roleName: string; roleArn: string }[] }, arn: string) => rep.roles.find((r) => r.roleArn === arn) as any;

describe('CloudTrail coverage per account and region', () => {
  it('calls nothing unused for a role whose account\'s CloudTrail is not in the input, though another account\'s of the same region is', async () => {
    const files: Record<string, unknown[]> = {};
    for (const day of days(1, 7)) files[logPath(A, 'us-east-1', day)] = [...background(A, day, 'us-east-1'), rec(A, 'here', 'ssm', 'PutParameter', `${day}T10:00:00Z`, 'us-east-1', false)];
    const rep = await report(exportDir([{ account: A, name: 'here', region: 'us-east-1' }, { account: B, name: 'there', region: 'us-east-1' }], files));
    const there = roleOf(rep, `arn:aws:iam::${B}:role/there`);
    expect(there.unused).toEqual([]);
    expect(there.notObservable.map((e: { action: string }) => e.action).sort()).toEqual(['sqs:CreateQueue', 'ssm:GetParameters', 'ssm:PutParameter']);
    for (const e of there.notObservable) expect(e).toMatchObject({ reason: 'incomplete-input', detail: `no CloudTrail input for us-east-1 in account ${B}, where its tasks run` });
    expect(there.evidence).toMatch(`Its tasks run in us-east-1 in account ${B}, whose CloudTrail is not in the input: nothing is called unused`);
    // The account whose CloudTrail is there is judged on the whole window.
    const here = roleOf(rep, `arn:aws:iam::${A}:role/here`);
    expect(here.unused.map((e: { action: string }) => e.action).sort()).toEqual(['sqs:CreateQueue', 'ssm:GetParameters']);
    expect(here.evidence).toMatch(/absent from 7 CloudTrail events made by this role's sessions from 2026-11-01T09:00:00Z to 2026-11-07T10:00:00Z/);
  }, 30_000);

  it('rests a role\'s unused claims on the span its region was read, and says so, when that is less than the window', async () => {
    const files: Record<string, unknown[]> = {};
    for (const day of days(1, 7)) files[logPath(A, 'us-east-1', day)] = background(A, day, 'us-east-1');
    files[logPath(A, 'us-west-2', '2026-11-07')] = [...background(A, '2026-11-07', 'us-west-2'), rec(A, 'west', 'ssm', 'PutParameter', '2026-11-07T10:00:00Z', 'us-west-2', false)];
    const rep = await report(exportDir([{ account: A, name: 'west', region: 'us-west-2' }, { account: A, name: 'east', region: 'us-east-1' }], files));
    expect(rep.window).toEqual({ start: '2026-11-01T09:00:00Z', end: '2026-11-07T10:00:00Z' });
    const west = roleOf(rep, `arn:aws:iam::${A}:role/west`);
    expect(west.unused.map((e: { action: string }) => e.action).sort()).toEqual(['sqs:CreateQueue', 'ssm:GetParameters']);
    expect(west.evidence).toMatch(/^Unused means granted, observable, and not called from 2026-11-07T00:00:00Z to 2026-11-07T10:00:00Z: the part of the window \(2026-11-01T09:00:00Z to 2026-11-07T10:00:00Z\) for which the input holds CloudTrail of us-west-2, where its tasks run, without a gap; its sessions made 1 CloudTrail event in the window/);
    expect(rep.problems).toContain(`CloudTrail of us-west-2 (account ${A}) covers only 2026-11-07T00:00:00Z to 2026-11-07T10:00:00Z of the window: the unused claims of roles whose tasks run there rest on that span`);
    const east = roleOf(rep, `arn:aws:iam::${A}:role/east`);
    expect(east.evidence).toMatch(/^Unused means granted, observable, and absent from 0 CloudTrail events made by this role's sessions from 2026-11-01T09:00:00Z to 2026-11-07T10:00:00Z/);
  }, 30_000);

  it('finds a gap in CloudTrail exported without its folders (lookup-events) from the days of its records', async () => {
    const events = [...days(1, 3), ...days(5, 7)].flatMap((day) => background(A, day, 'us-east-1')).map((r) => ({ CloudTrailEvent: JSON.stringify(r) }));
    const rep = await report(exportDir([{ account: A, name: 'app', region: 'us-east-1' }], { 'cloudtrail/lookup-events.json': events }));
    const app = roleOf(rep, `arn:aws:iam::${A}:role/app`);
    expect(app.unused.length).toBe(3);
    expect(app.evidence).toMatch(/not called from 2026-11-05T00:00:00Z to 2026-11-07T09:30:00Z: the part of the window \(2026-11-01T09:00:00Z to 2026-11-07T09:30:00Z\)/);
    expect(rep.problems).toContain(`CloudTrail of us-east-1 (account ${A}) has gaps: it covers 2026-11-01T09:00:00Z to 2026-11-03T23:59:59Z, 2026-11-05T00:00:00Z to 2026-11-07T09:30:00Z of the window; the unused claims of roles whose tasks run there rest on the last of these`);
  }, 30_000);
});
