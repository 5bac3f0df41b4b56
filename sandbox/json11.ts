/**
 * AWS JSON 1.1 services: ECS and CloudTrail (`X-Amz-Target: <Service>.<Operation>`).
 * Timestamps are epoch seconds; errors are `{"__type", "message"}` (see server.ts).
 * Both are regional: a request sees the clusters, services and task definitions whose
 * ARNs name its region, and the events whose `awsRegion` is its region (an event without
 * one belongs to the scenario's region).
 */
import type { ServerResponse } from 'node:http';
import { describedAt, isTaskVisible, listedTaskArns } from './ecs-tasks.ts';
import { AwsError, checkRegionOpen, enter, type SandboxState } from './server.ts';

type Json = Record<string, unknown>;

function page<T>(items: T[], token: unknown, size: number): { items: T[]; next?: string } {
  const start = typeof token === 'string' ? Number(Buffer.from(token, 'base64').toString()) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw new AwsError('InvalidParameterException', 'Invalid nextToken');
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { next: Buffer.from(String(end)).toString('base64') } : {}) };
}

const tdName = (arn: string) => arn.replace(/^arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\//, '');

/** The scenario's tasks in a region. */
const tasksHere = (state: SandboxState, region: string) => (state.scenario.tasks ?? []).filter((t) => (t.region ?? state.scenario.region) === region);

/** The region an ARN names (a bare name belongs to the scenario's region). */
const regionOf = (state: SandboxState, arn: string) => (arn.startsWith('arn:') ? arn.split(':')[3] : undefined) || state.scenario.region;

function ecs(state: SandboxState, op: string, req: Json, region: string): Json {
  checkRegionOpen(state, region, `ecs:${op}`);
  const here = (arn: unknown) => regionOf(state, String(arn)) === region;
  const s = {
    ...state.scenario,
    clusterArns: state.scenario.clusterArns.filter(here),
    services: state.scenario.services.filter((x) => here(x.serviceArn)),
    taskDefinitions: state.scenario.taskDefinitions.filter((t) => here(t.taskDefinitionArn)),
  };
  const size = Math.min(Number(req.maxResults ?? state.pageSize), state.pageSize);
  switch (op) {
    case 'ListClusters': {
      const p = page(s.clusterArns, req.nextToken, size);
      return { clusterArns: p.items, ...(p.next ? { nextToken: p.next } : {}) };
    }
    case 'ListServices': {
      const cluster = String(req.cluster ?? 'default');
      const arns = s.services.filter((x) => x.clusterArn === cluster || x.clusterArn.endsWith(`/${cluster}`)).map((x) => x.serviceArn);
      const p = page(arns, req.nextToken, size);
      return { serviceArns: p.items, ...(p.next ? { nextToken: p.next } : {}) };
    }
    case 'DescribeServices': {
      const wanted = (req.services as string[] | undefined) ?? [];
      if (wanted.length > 10) throw new AwsError('InvalidParameterException', 'services can have at most 10 items');
      const found = s.services.filter((x) => wanted.includes(x.serviceArn) || wanted.includes(x.serviceName));
      return { services: found.map((x) => ({ status: 'ACTIVE', ...x })), failures: [] };
    }
    case 'ListTaskDefinitions': {
      const status = String(req.status ?? 'ACTIVE');
      const arns = s.taskDefinitions.filter((t) => (t.status ?? 'ACTIVE') === status).map((t) => String(t.taskDefinitionArn));
      const p = page(arns, req.nextToken, size);
      return { taskDefinitionArns: p.items, ...(p.next ? { nextToken: p.next } : {}) };
    }
    case 'ListTasks': {
      const arns = listedTaskArns(tasksHere(state, region), String(req.cluster ?? 'default'), String(req.desiredStatus ?? 'RUNNING'), state.now);
      const p = page(arns, req.nextToken, Math.min(Number(req.maxResults ?? 100), 100, state.pageSize));
      return { taskArns: p.items, ...(p.next ? { nextToken: p.next } : {}) };
    }
    case 'DescribeTasks': {
      const wanted = (req.tasks as string[] | undefined) ?? [];
      if (wanted.length > 100) throw new AwsError('InvalidParameterException', 'tasks can have at most 100 items');
      const visible = tasksHere(state, region).filter((t) => isTaskVisible(t, state.now));
      const found = wanted.map((w) => visible.find((t) => t.taskArn === w || t.taskId === w));
      return {
        tasks: found.filter((t) => t !== undefined).map((t) => describedAt(t, state.now, state.scenario.accountId)),
        failures: wanted.filter((_, i) => !found[i]).map((arn) => ({ arn, reason: 'MISSING' })),
      };
    }
    case 'DescribeTaskDefinition': {
      const want = tdName(String(req.taskDefinition ?? ''));
      const td = s.taskDefinitions.find((t) => tdName(String(t.taskDefinitionArn)) === want);
      if (!td) throw new AwsError('ClientException', 'Unable to describe task definition.');
      return { taskDefinition: td, tags: [] };
    }
  }
  throw new AwsError('UnknownOperationException', `ECS.${op} is not served by the sandbox`);
}

const isManagement = (e: Json) => e.eventCategory !== 'Data' && e.managementEvent !== false;

function usernameOf(e: Json): string | undefined {
  const id = e.userIdentity as Json | undefined;
  const arn = typeof id?.arn === 'string' ? id.arn : undefined;
  if (id?.type === 'AssumedRole' && arn) return arn.split('/').pop();
  if (typeof id?.userName === 'string') return id.userName;
  return arn?.split('/').pop();
}

/** Recent LookupEvents request times per sandbox and region: the 2-per-second limit over a sliding second. */
const lookupTimesOf = new WeakMap<SandboxState, Map<string, number[]>>();

/**
 * LookupEvents' limit, 2 requests per second per account and region, in the sandbox
 * clock's time: a client that paces on the same clock passes without real waiting; one
 * that does not is throttled.
 */
function throttleLookup(state: SandboxState, region: string): void {
  const t = state.clock.now();
  let byRegion = lookupTimesOf.get(state);
  if (!byRegion) lookupTimesOf.set(state, (byRegion = new Map()));
  // Requests "after" now were made before a test moved the clock back: they no longer count.
  const recent = (byRegion.get(region) ?? []).filter((at) => at <= t && t - at < 1000);
  byRegion.set(region, recent);
  if (recent.length >= 2) throw new AwsError('ThrottlingException', 'Rate exceeded');
  recent.push(t);
}

/**
 * A region's management events, newest first (ties by id so pages are stable), sorted once
 * per scenario event list and length: a busy scenario is paged through without re-sorting.
 */
const sortedOf = new WeakMap<Json[], { length: number; byRegion: Map<string, Json[]> }>();
function regionEvents(state: SandboxState, region: string): Json[] {
  const all = state.scenario.events;
  let cache = sortedOf.get(all);
  if (!cache || cache.length !== all.length) sortedOf.set(all, (cache = { length: all.length, byRegion: new Map() }));
  let events = cache.byRegion.get(region);
  if (!events) {
    events = all
      .filter((e) => isManagement(e) && String(e.awsRegion ?? state.scenario.region) === region)
      .map((e) => ({ e, t: Date.parse(String(e.eventTime)), id: String(e.eventID) }))
      .sort((a, b) => b.t - a.t || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((x) => x.e);
    cache.byRegion.set(region, events);
  }
  return events;
}

function lookupEvents(state: SandboxState, req: Json, region: string): Json {
  checkRegionOpen(state, region, 'cloudtrail:LookupEvents');
  if (state.faults.lookupEventsUnavailable) throw new AwsError('ThrottlingException', 'Rate exceeded');
  if (state.faults.lookupEventsRateLimit) throttleLookup(state, region);
  const max = Number(req.MaxResults ?? 50);
  if (!Number.isInteger(max) || max < 1 || max > 50) throw new AwsError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50');
  const attrs = (req.LookupAttributes as { AttributeKey: string; AttributeValue: string }[] | undefined) ?? [];
  if (attrs.length > 1) throw new AwsError('InvalidLookupAttributesException', 'Only one lookup attribute is allowed');
  const start = req.StartTime !== undefined ? Number(req.StartTime) * 1000 : 0;
  const end = Math.min(req.EndTime !== undefined ? Number(req.EndTime) * 1000 : Infinity, state.now);
  const oldest = state.now - 90 * 86_400_000;
  const attr = attrs[0];
  const matches = (e: Json): boolean => {
    if (!attr) return true;
    const v = attr.AttributeValue;
    switch (attr.AttributeKey) {
      case 'EventName': return e.eventName === v;
      case 'EventSource': return e.eventSource === v;
      case 'EventId': return e.eventID === v;
      case 'ReadOnly': return String(e.readOnly) === v;
      case 'Username': return usernameOf(e) === v;
      default: throw new AwsError('InvalidLookupAttributesException', `Unsupported attribute ${attr.AttributeKey}`);
    }
  };
  // Newest first, as CloudTrail returns them.
  const events = regionEvents(state, region)
    .filter((e) => {
      const t = Date.parse(String(e.eventTime));
      return t >= Math.max(start, oldest) && t <= end;
    })
    .filter(matches);
  const p = page(events, req.NextToken, max);
  return {
    Events: p.items.map((e) => ({
      EventId: e.eventID,
      EventName: e.eventName,
      ReadOnly: String(e.readOnly ?? 'false'),
      EventTime: Date.parse(String(e.eventTime)) / 1000,
      EventSource: e.eventSource,
      Username: usernameOf(e),
      Resources: [],
      CloudTrailEvent: JSON.stringify(e),
    })),
    ...(p.next ? { NextToken: p.next } : {}),
  };
}

export async function handleJson11(state: SandboxState, target: string, body: Buffer, res: ServerResponse, region: string): Promise<void> {
  const [service, op] = target.split('.').slice(-2) as [string, string];
  const req = body.length ? (JSON.parse(body.toString('utf8')) as Json) : {};
  let out: Json;
  if (service.startsWith('AmazonEC2ContainerService')) {
    enter(state, `ECS.${op}`);
    out = ecs(state, op, req, region);
  } else if (service.startsWith('CloudTrail')) {
    enter(state, `CloudTrail.${op}`);
    if (op !== 'LookupEvents') throw new AwsError('UnknownOperationException', `CloudTrail.${op} is not served by the sandbox`);
    out = lookupEvents(state, req, region);
  } else {
    throw new AwsError('UnknownOperationException', `${target} is not served by the sandbox`);
  }
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `sandbox-${state.calls.length}` });
  res.end(JSON.stringify(out));
}
