/**
 * The principals and calls of `npm run bench`'s synthetic trails, in two mixes:
 *
 * - `mixed` (the README's figures since the first bench): 60 % of records by 20 tracked
 *   roles (16 task roles, 4 execution roles), 25 % by 50 other roles, 15 % by IAM users;
 *   half data events; 8 buckets and 6 tables; 1 % denials.
 * - `tracked-heavy` (an ECS-heavy account, issue #17): 80 % by 40 tracked roles (32 task
 *   roles, 8 execution roles), thousands of distinct resources (every object key its own,
 *   200 tables, 300 secrets, 100 queues, 100 keys), 5 % of object keys 300-1,000
 *   characters long, ECS AssumeRole records, 1 % denials.
 *
 * Every role has one unique ID (`AROA…`), the one its IAM entry carries, as in a real
 * trail: the calls of a role that was never recreated all carry the same ID.
 */

export type MixName = 'mixed' | 'tracked-heavy';
export const MIXES: readonly MixName[] = ['mixed', 'tracked-heavy'];

/** A call a principal makes: service prefix, event name, data event or not. */
export interface CallShape {
  service: string;
  name: string;
  data: boolean;
}

/** What a group of principals calls: `dataShare` of records from `data`, the rest from `management`, each uniformly. */
export interface Calls {
  dataShare: number;
  data: CallShape[];
  management: CallShape[];
}

export interface Mix {
  /** Task roles (one per service); execution roles are shared by groups of four services. */
  services: number;
  /** Share of records by tracked roles; of those, the share by execution roles. */
  tracked: number;
  execution: number;
  /** Share by untracked roles (the rest are IAM users). */
  otherRoles: number;
  /** Distinct task IDs (session names). */
  sessions: number;
  /** Calls of task roles, of execution roles, of untracked principals. */
  taskCalls: Calls;
  execCalls: Calls;
  otherCalls: Calls;
  /** Distinct names per resource kind. */
  buckets: number;
  tables: number;
  secrets: number;
  queues: number;
  keys: number;
  /** Share of object keys that are long (300-1,000 characters). */
  longKeys: number;
  /** Share of tracked records that are ECS assuming the role (`sts:AssumeRole` by ecs-tasks). */
  assumeRole: number;
  denials: number;
  /** Grants of task and execution roles. */
  taskGrants: string[];
  execGrants: string[];
}

const d = (service: string, name: string): CallShape => ({ service, name, data: true });
const m = (service: string, name: string): CallShape => ({ service, name, data: false });

const MIXED_DATA = [d('s3', 'GetObject'), d('s3', 'PutObject'), d('dynamodb', 'GetItem'), d('dynamodb', 'PutItem'), d('dynamodb', 'Query')];
const MIXED_MGMT = [m('kms', 'Decrypt'), m('sqs', 'GetQueueUrl'), m('ecr', 'BatchGetImage'), m('logs', 'CreateLogStream'), m('secretsmanager', 'GetSecretValue'), m('ec2', 'DescribeInstances'), m('sts', 'GetCallerIdentity')];
/** Half data events, half management events, as the first bench drew them. */
const MIXED_CALLS: Calls = { dataShare: 0.5, data: MIXED_DATA, management: MIXED_MGMT };

export const MIX: Record<MixName, Mix> = {
  mixed: {
    services: 16,
    tracked: 0.6,
    execution: 0.25,
    otherRoles: 0.25 / 0.4,
    sessions: 400,
    taskCalls: MIXED_CALLS,
    execCalls: MIXED_CALLS,
    otherCalls: MIXED_CALLS,
    buckets: 8,
    tables: 6,
    secrets: 8,
    queues: 8,
    keys: 8,
    longKeys: 0,
    assumeRole: 0,
    denials: 0.01,
    taskGrants: ['s3:*', 'dynamodb:*', 'sqs:*', 'kms:Decrypt'],
    execGrants: ['ecr:*', 'logs:*', 'secretsmanager:GetSecretValue'],
  },
  'tracked-heavy': {
    services: 32,
    tracked: 0.8,
    execution: 0.15,
    otherRoles: 0.6,
    sessions: 4000,
    taskCalls: {
      dataShare: 0.6,
      data: [
        d('s3', 'GetObject'), d('s3', 'GetObject'), d('s3', 'PutObject'), d('s3', 'HeadObject'), d('s3', 'DeleteObject'),
        d('dynamodb', 'GetItem'), d('dynamodb', 'PutItem'), d('dynamodb', 'Query'), d('dynamodb', 'UpdateItem'),
        d('sqs', 'SendMessage'), d('sqs', 'ReceiveMessage'), d('sqs', 'DeleteMessage'), d('sns', 'Publish'), d('lambda', 'Invoke'),
      ],
      management: [m('kms', 'Decrypt'), m('kms', 'GenerateDataKey'), m('secretsmanager', 'GetSecretValue'), m('ssm', 'GetParameters'), m('sqs', 'GetQueueUrl'), m('sts', 'GetCallerIdentity')],
    },
    execCalls: {
      dataShare: 0,
      data: [],
      management: [m('ecr', 'GetAuthorizationToken'), m('ecr', 'BatchGetImage'), m('ecr', 'GetDownloadUrlForLayer'), m('logs', 'CreateLogStream'), m('secretsmanager', 'GetSecretValue'), m('ssm', 'GetParameters')],
    },
    otherCalls: MIXED_CALLS,
    buckets: 40,
    tables: 200,
    secrets: 300,
    queues: 100,
    keys: 100,
    longKeys: 0.05,
    assumeRole: 0.01,
    denials: 0.01,
    taskGrants: ['s3:*', 'dynamodb:*', 'sqs:*', 'sns:Publish', 'lambda:InvokeFunction', 'kms:Decrypt', 'kms:GenerateDataKey', 'secretsmanager:GetSecretValue', 'ssm:GetParameters'],
    execGrants: ['ecr:*', 'logs:*', 'secretsmanager:GetSecretValue', 'ssm:GetParameters'],
  },
};

/** Is this call a read (`readOnly: true` in its record)? */
export function isReadCall(name: string): boolean {
  return /^(Get|Describe|List|Head|Query|Scan|Receive|BatchGet|Decrypt)/.test(name);
}
