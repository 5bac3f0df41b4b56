/**
 * Which granted actions CloudTrail could have shown us. This is what separates
 * "unused" (we could have seen a call and saw none) from "not observable" (absence of a
 * call proves nothing). When in doubt an action belongs here: a wrong "not observable"
 * costs a reader a second look, a wrong "unused" can break production.
 */
import type { NotObservableReason } from '../model.ts';

/**
 * Authorisation-only actions: no API call carries their name, IAM checks them while
 * serving another call. Keys are lower case.
 */
const PERMISSION_ONLY: ReadonlyMap<string, string> = new Map([
  ['iam:passrole', 'checked when another service is handed the role (ecs:RunTask, lambda:CreateFunction...)'],
  ['sts:tagsession', 'checked on the role being assumed, with sts:AssumeRole'],
  ['sts:setsourceidentity', 'checked on the role being assumed, with sts:AssumeRole'],
  ['dynamodb:conditioncheckitem', 'checked inside TransactWriteItems'],
  ['dynamodb:partiqlselect', 'checked inside ExecuteStatement'],
  ['dynamodb:partiqlinsert', 'checked inside ExecuteStatement'],
  ['dynamodb:partiqlupdate', 'checked inside ExecuteStatement'],
  ['dynamodb:partiqldelete', 'checked inside ExecuteStatement'],
  ['elasticfilesystem:clientmount', 'checked when an NFS client mounts EFS'],
  ['elasticfilesystem:clientwrite', 'checked when an NFS client writes to EFS'],
  ['elasticfilesystem:clientrootaccess', 'checked when an NFS client acts as root on EFS'],
  ['rds-db:connect', 'IAM database authentication happens in the database, not through an AWS API'],
  ['execute-api:invoke', 'API Gateway invocations are not CloudTrail events'],
  ['execute-api:managementconnections', 'API Gateway WebSocket connections are not CloudTrail events'],
  ['lambda:invokefunctionurl', 'function URL invocations are authorised without a CloudTrail event'],
  ['logs:link', 'checked when a log group is linked to another resource'],
  ['logs:unmask', 'checked when masked log data is read'],
  ['kms:generatedatakeywithoutplaintext', 'usually called by AWS services, which log it under their own identity'],
]);

/**
 * Actions CloudTrail does not record as events at all (or records only as opt-in data
 * events we cannot assume). Conservative on purpose.
 */
const NOT_LOGGED: ReadonlyMap<string, string> = new Map([
  ['logs:putlogevents', 'CloudTrail does not record PutLogEvents'],
  ['cloudwatch:putmetricdata', 'metric writes are not management events; not seen without CloudWatch data events'],
  ['xray:puttracesegments', 'X-Ray segment uploads are not management events'],
  ['xray:puttelemetryrecords', 'X-Ray telemetry uploads are not management events'],
  ['ssmmessages:createcontrolchannel', 'ECS Exec channels are not reliably recorded'],
  ['ssmmessages:createdatachannel', 'ECS Exec channels are not reliably recorded'],
  ['ssmmessages:opencontrolchannel', 'ECS Exec channels are not reliably recorded'],
  ['ssmmessages:opendatachannel', 'ECS Exec channels are not reliably recorded'],
]);

/**
 * Data-plane actions per service: recorded only by a trail or event data store that
 * selects data events, never by LookupEvents. Values are lower-case action names; a
 * function decides for services where a rule is shorter than a list.
 */
const DATA_PLANE: Record<string, (name: string) => boolean> = {
  // S3 object-level operations, plus object listings (ListObjects* are data events).
  s3: (n) =>
    /object|multipart|^listbucket$|^listbucketversions$|^restoreobject$/.test(n) &&
    // Bucket-level configuration that merely mentions objects is management.
    !/^(put|get)bucketobjectlockconfiguration$/.test(n),
  dynamodb: (n) =>
    [
      'getitem', 'putitem', 'updateitem', 'deleteitem', 'batchgetitem', 'batchwriteitem', 'query', 'scan',
      'transactgetitems', 'transactwriteitems', 'getrecords', 'getsharditerator', 'describestream', 'liststreams',
    ].includes(n),
  lambda: (n) => n === 'invokefunction' || n === 'invokeasync',
  sqs: (n) =>
    ['sendmessage', 'receivemessage', 'deletemessage', 'changemessagevisibility'].includes(n),
  sns: (n) => n === 'publish',
  kinesis: (n) =>
    ['putrecord', 'putrecords', 'getrecords', 'getsharditerator', 'subscribetoshard'].includes(n),
  firehose: (n) => n === 'putrecord' || n === 'putrecordbatch',
  states: (n) => ['sendtasksuccess', 'sendtaskfailure', 'sendtaskheartbeat'].includes(n),
  bedrock: (n) => n.startsWith('invokemodel') || n === 'invokeagent' || n === 'retrieve',
};

export interface Observability {
  observable: boolean;
  reason?: NotObservableReason;
  detail?: string;
}

/** Is `action` (canonical `service:Name`) a data-plane action? */
export function isDataPlaneAction(action: string): boolean {
  const colon = action.indexOf(':');
  const service = action.slice(0, colon).toLowerCase();
  const rule = DATA_PLANE[service];
  return rule ? rule(action.slice(colon + 1).toLowerCase()) : false;
}

/**
 * Could CloudTrail in this input have shown a call of `action`?
 * `dataEventServices`: services (IAM prefixes) for which the input holds at least one data event.
 */
export function observabilityOf(
  action: string,
  dataEventServices: ReadonlySet<string>,
  management?: { readOnly: boolean; write: boolean; isRead: boolean },
): Observability {
  const key = action.toLowerCase();
  const permissionOnly = PERMISSION_ONLY.get(key);
  if (permissionOnly) return { observable: false, reason: 'permission-only', detail: permissionOnly };
  const notLogged = NOT_LOGGED.get(key);
  if (notLogged) return { observable: false, reason: 'not-logged', detail: notLogged };
  if (isDataPlaneAction(action)) {
    const service = key.slice(0, key.indexOf(':'));
    if (!dataEventServices.has(service)) {
      return {
        observable: false,
        reason: 'no-data-events',
        detail: `data event; the input holds no ${service} data events`,
      };
    }
  }
  // A trail that records only write (or only read) management events cannot show the other kind.
  if (management && !isDataPlaneAction(action)) {
    if (management.isRead && !management.readOnly) return { observable: false, reason: 'not-logged', detail: 'the input holds no read-only management events (a write-only trail?)' };
    if (!management.isRead && !management.write) return { observable: false, reason: 'not-logged', detail: 'the input holds no write management events (a read-only trail?)' };
  }
  return { observable: true };
}

/** Actions any principal may call without a permission: never "unused", never suggested. */
const NO_PERMISSION_NEEDED = new Set(['sts:getcalleridentity']);

export function requiresPermission(action: string): boolean {
  return !NO_PERMISSION_NEEDED.has(action.toLowerCase());
}
