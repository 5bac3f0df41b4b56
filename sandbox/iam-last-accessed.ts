/**
 * IAM's last-accessed job API in the sandbox (AWS Query protocol, XML):
 * `GenerateServiceLastAccessedDetails` starts a job on a role; `GetServiceLastAccessedDetails`
 * answers IN_PROGRESS until the job has run `jobMs` on the sandbox's clock, then COMPLETED,
 * in pages of the sandbox's page size. The answer is what IAM would know: the role's seeded
 * report (the services its policies allow, from the scenario), with every attempt the
 * scenario's CloudTrail shows by then (allowed or denied, less the reporting lag) taken
 * into account. Switches (`faults.lastAccessed`): how long jobs take, IAM's reporting lag,
 * roles whose job FAILS, and throttling of every call, as IAM answers it.
 */
import type { ServerResponse } from 'node:http';
import { parseRoleArn } from '../core/arn.ts';
import { isoSecond } from '../core/evidence/last-accessed.ts';
import { AwsError, enter, xmlEscape, type SandboxState } from './server.ts';

/** The switches a test can flip. */
export interface LastAccessedFaults {
  /** Sandbox-clock milliseconds a job stays IN_PROGRESS. Default 3,000. */
  jobMs: number;
  /** Attempts made less than this long before a job started are not in its report yet (IAM: "usually within four hours"). Default 0. */
  lagMs: number;
  /** Role names whose job ends FAILED. */
  failFor: Set<string>;
  /** Every call answers Throttling (400), as IAM does past its rate. */
  throttle: boolean;
}

export const defaultLastAccessedFaults = (): LastAccessedFaults => ({ jobMs: 3_000, lagMs: 0, failFor: new Set(), throttle: false });

interface Job {
  roleArn: string;
  roleName: string;
  granularity: string;
  createdAt: number;
}

const jobsOf = new WeakMap<SandboxState, Map<string, Job>>();
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const ACTIONS = new Set(['GenerateServiceLastAccessedDetails', 'GetServiceLastAccessedDetails']);

/** Is this IAM Query action one of the last-accessed job calls? */
export function isLastAccessedAction(action: string): boolean {
  return ACTIONS.has(action);
}

/** XML of a value: objects become elements, arrays `<member>` lists, dates ISO text. */
function xml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => `<member>${xml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `<${k}>${xml(v)}</${k}>`).join('');
  }
  return xmlEscape(String(value));
}

function respond(res: ServerResponse, action: string, result: Record<string, unknown>): void {
  res.writeHead(200, { 'content-type': 'text/xml' });
  res.end(`<${action}Response xmlns="${IAM_NS}"><${action}Result>${xml(result)}</${action}Result><ResponseMetadata><RequestId>sandbox-request</RequestId></ResponseMetadata></${action}Response>`);
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

type Json = Record<string, unknown>;

/** The role's latest attempt, by service prefix and by `service:eventname`, in the scenario's CloudTrail up to `until`. */
function attemptsOf(state: SandboxState, roleArn: string, until: number): Map<string, { at: string; region: string }> {
  const latest = new Map<string, { at: string; region: string }>();
  for (const e of state.scenario.events) {
    const issuer = ((e.userIdentity as Json | undefined)?.sessionContext as Json | undefined)?.sessionIssuer as Json | undefined;
    const at = isoSecond(e.eventTime);
    if (issuer?.arn !== roleArn || !at || Date.parse(at) > until) continue;
    const service = String(e.eventSource ?? '').split('.')[0]!;
    const attempt = { at, region: String(e.awsRegion ?? '') };
    for (const key of [service, `${service}:${String(e.eventName ?? '').toLowerCase()}`]) {
      if ((latest.get(key)?.at ?? '') < at) latest.set(key, attempt);
    }
  }
  return latest;
}

/** The later of a seeded time and an attempt seen in CloudTrail. */
const laterOf = (seeded: unknown, seen: { at: string } | undefined) => {
  const s = isoSecond(seeded);
  return !seen ? s : !s || s < seen.at ? seen.at : s;
};

/** A seeded service entry as IAM's XML carries it, brought up to date with the role's attempts (no action list in a SERVICE_LEVEL job). */
function serviceEntry(raw: Json, granularity: string, attempts: ReadonlyMap<string, { at: string; region: string }>): Json {
  const service = String(raw.ServiceNamespace ?? '');
  const actions = Array.isArray(raw.TrackedActionsLastAccessed) ? (raw.TrackedActionsLastAccessed as Json[]) : undefined;
  const seen = attempts.get(service);
  return {
    ServiceName: raw.ServiceName,
    LastAuthenticated: laterOf(raw.LastAuthenticated, seen),
    ServiceNamespace: raw.ServiceNamespace,
    LastAuthenticatedEntity: raw.LastAuthenticatedEntity,
    LastAuthenticatedRegion: seen?.region ?? raw.LastAuthenticatedRegion,
    TotalAuthenticatedEntities: raw.TotalAuthenticatedEntities,
    TrackedActionsLastAccessed:
      granularity === 'ACTION_LEVEL' && actions
        ? actions.map((a) => {
            const hit = attempts.get(`${service}:${String(a.ActionName ?? '').toLowerCase()}`);
            return { ActionName: a.ActionName, LastAccessedEntity: a.LastAccessedEntity, LastAccessedTime: laterOf(a.LastAccessedTime, hit), LastAccessedRegion: hit?.region ?? a.LastAccessedRegion };
          })
        : undefined,
  };
}

function generate(state: SandboxState, p: URLSearchParams, res: ServerResponse): void {
  const arn = p.get('Arn') ?? '';
  const role = state.scenario.roles.find((r) => r.Arn === arn);
  if (!role) throw new AwsError('NoSuchEntity', `The role with ARN ${arn} cannot be found.`, 404);
  const granularity = p.get('Granularity') ?? 'SERVICE_LEVEL';
  if (granularity !== 'SERVICE_LEVEL' && granularity !== 'ACTION_LEVEL') throw new AwsError('InvalidInput', `Granularity ${granularity} is not valid`);
  const jobs = jobsOf.get(state) ?? new Map<string, Job>();
  jobsOf.set(state, jobs);
  const jobId = `sandbox-job-${jobs.size + 1}`;
  jobs.set(jobId, { roleArn: arn, roleName: parseRoleArn(arn)?.roleName ?? '', granularity, createdAt: state.clock.now() });
  respond(res, 'GenerateServiceLastAccessedDetails', { JobId: jobId });
}

function get(state: SandboxState, p: URLSearchParams, res: ServerResponse): void {
  const job = jobsOf.get(state)?.get(p.get('JobId') ?? '');
  if (!job) throw new AwsError('NoSuchEntity', `No job ${p.get('JobId')} for this caller.`, 404);
  const head = { JobStatus: 'IN_PROGRESS', JobType: job.granularity, JobCreationDate: iso(job.createdAt) };
  const doneAt = job.createdAt + state.faults.lastAccessed.jobMs;
  if (state.clock.now() < doneAt) return respond(res, 'GetServiceLastAccessedDetails', { ...head, ServicesLastAccessed: [], IsTruncated: false });
  if (state.faults.lastAccessed.failFor.has(job.roleName)) {
    return respond(res, 'GetServiceLastAccessedDetails', { ...head, JobStatus: 'FAILED', ServicesLastAccessed: [], JobCompletionDate: iso(doneAt), IsTruncated: false, Error: { Message: 'The report could not be generated.', Code: 'ServiceFailure' } });
  }
  const seed = state.scenario.lastAccessed?.[job.roleArn];
  const attempts = attemptsOf(state, job.roleArn, job.createdAt - state.faults.lastAccessed.lagMs);
  const services = ((seed?.ServicesLastAccessed as Json[] | undefined) ?? []).map((s) => serviceEntry(s, job.granularity, attempts));
  const start = Number(p.get('Marker') ?? 0);
  const max = Math.min(Number(p.get('MaxItems') ?? 100), state.pageSize);
  const end = start + max;
  respond(res, 'GetServiceLastAccessedDetails', {
    ...head,
    JobStatus: 'COMPLETED',
    ServicesLastAccessed: services.slice(start, end),
    JobCompletionDate: iso(doneAt),
    IsTruncated: end < services.length,
    Marker: end < services.length ? String(end) : undefined,
  });
}

/** Serve one last-accessed call (the router sends IAM's last-accessed actions here). */
export function handleLastAccessed(state: SandboxState, action: string, p: URLSearchParams, res: ServerResponse): void {
  enter(state, `IAM.${action}`);
  if (state.faults.lastAccessed.throttle) throw new AwsError('Throttling', 'Rate exceeded');
  if (action === 'GenerateServiceLastAccessedDetails') generate(state, p, res);
  else get(state, p, res);
}
