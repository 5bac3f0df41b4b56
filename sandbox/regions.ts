/**
 * Scenario shapes for the stack's region and scale tests: an account moved to another
 * region, a busy account's noise, and a tracked role's denied call, as CloudTrail records
 * them. Deterministic: the same arguments give the same events.
 */
import type { Scenario } from './scenario.ts';

type Json = Record<string, unknown>;

const moveArn = (arn: unknown, region: string) => (typeof arn === 'string' ? arn.replace(/^(arn:[^:]+:ecs:)[^:]*:/, `$1${region}:`) : arn);

/**
 * The scenario with its ECS clusters, services and task definitions in `region`, and its
 * events there too, except those `stays` keeps in their own region (a global service's
 * events stay in us-east-1).
 */
export function scenarioInRegion(s: Scenario, region: string, stays: (e: Json) => boolean = () => false): Scenario {
  return {
    ...s,
    region,
    clusterArns: s.clusterArns.map((a) => moveArn(a, region) as string),
    services: s.services.map((x) => ({ ...x, serviceArn: moveArn(x.serviceArn, region) as string, clusterArn: moveArn(x.clusterArn, region) as string, taskDefinition: moveArn(x.taskDefinition, region) as string })),
    taskDefinitions: s.taskDefinitions.map((t) => ({ ...t, taskDefinitionArn: moveArn(t.taskDefinitionArn, region) })),
    events: s.events.map((e) => (stays(e) ? e : { ...e, awsRegion: region })),
    ...(s.tasks ? { tasks: s.tasks.map((t) => ({ ...t, region, ...(t.taskArn ? { taskArn: moveArn(t.taskArn, region) as string } : {}) })) } : {}),
  };
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** `count` read-only management events by a user no stack tracks, evenly over [from, to): a busy region. */
export function noiseEvents(count: number, region: string, from: number, to: number, accountId: string): Json[] {
  const step = (to - from) / count;
  return Array.from({ length: count }, (_, i) => ({
    eventVersion: '1.10',
    userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${accountId}:user/ci-deployer`, accountId, userName: 'ci-deployer' },
    eventTime: iso(from + i * step),
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: region,
    eventID: `noise-${region}-${i}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    eventCategory: 'Management',
    recipientAccountId: accountId,
  }));
}

export interface DenialSpec {
  accountId: string;
  /** The role's name and path (`app/`), as IAM names it. */
  roleName: string;
  rolePath?: string;
  region: string;
  time: number;
  eventSource: string;
  eventName: string;
  id: string;
  session?: string;
}

/** A tracked role's call denied for want of an identity-policy allow. */
export function deniedEvent(d: DenialSpec): Json {
  const session = d.session ?? '0123456789abcdef0123456789abcdef';
  const action = `${d.eventSource.split('.')[0]}:${d.eventName}`;
  return {
    eventVersion: '1.10',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${d.accountId}:assumed-role/${d.roleName}/${session}`,
      accountId: d.accountId,
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${d.accountId}:role/${d.rolePath ?? ''}${d.roleName}`, accountId: d.accountId, userName: d.roleName } },
    },
    eventTime: iso(d.time),
    eventSource: d.eventSource,
    eventName: d.eventName,
    awsRegion: d.region,
    eventID: d.id,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    eventCategory: 'Management',
    recipientAccountId: d.accountId,
    errorCode: 'AccessDenied',
    errorMessage: `User: arn:aws:sts::${d.accountId}:assumed-role/${d.roleName}/${session} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
  };
}
