/** Small readable builders for test records and roles. */
import { loadCatalog } from '../../sources/catalog.ts';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { parsePolicyDocument } from '../../core/policy/document.ts';
import type { AttachedPolicy, RoleGrants } from '../../core/model.ts';

export const ACCOUNT = '111122223333';

export function catalog(): Promise<Catalog> {
  return loadCatalog();
}

let seq = 0;

/** A CloudTrail record made by a role session; override anything. */
export function roleRecord(opts: {
  role?: string;
  path?: string;
  session?: string;
  source?: string;
  name?: string;
  time?: string;
  params?: Record<string, unknown>;
  resources?: string[];
  errorCode?: string;
  errorMessage?: string;
  invokedBy?: string;
  data?: boolean;
  eventID?: string;
}): Record<string, unknown> {
  const role = opts.role ?? 'app-task';
  const path = opts.path ?? '/';
  const session = opts.session ?? '0123456789abcdef0123456789abcdef';
  return {
    eventVersion: '1.10',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role${path}${role}`, userName: role } },
      ...(opts.invokedBy ? { invokedBy: opts.invokedBy } : {}),
    },
    eventTime: opts.time ?? '2026-11-10T10:00:00Z',
    eventSource: `${opts.source ?? 's3'}.amazonaws.com`,
    eventName: opts.name ?? 'GetObject',
    awsRegion: 'us-east-1',
    requestParameters: opts.params ?? null,
    eventID: opts.eventID ?? `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
    recipientAccountId: ACCOUNT,
    ...(opts.resources ? { resources: opts.resources.map((ARN) => ({ ARN })) } : {}),
    ...(opts.errorCode ? { errorCode: opts.errorCode } : {}),
    ...(opts.errorMessage ? { errorMessage: opts.errorMessage } : {}),
    managementEvent: !opts.data,
    eventCategory: opts.data ? 'Data' : 'Management',
  };
}

export function policy(name: string, doc: unknown, kind: 'inline' | 'managed' = 'inline'): AttachedPolicy {
  const parsed = parsePolicyDocument(doc);
  if (!parsed.ok) throw new Error(parsed.error);
  return { id: kind === 'inline' ? `inline:${name}` : `arn:aws:iam::${ACCOUNT}:policy/${name}`, name, kind, document: parsed.document };
}

export function roleGrants(name: string, policies: AttachedPolicy[], boundary?: AttachedPolicy, path = '/'): RoleGrants {
  return { roleArn: `arn:aws:iam::${ACCOUNT}:role${path}${name}`, roleName: name, policies, ...(boundary ? { boundary } : {}) };
}

export function allow(actions: string | string[], resources: string | string[] = '*', extra: Record<string, unknown> = {}) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resources, ...extra }] };
}
