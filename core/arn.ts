/**
 * ARN parsing, in one place. Role identity in CloudTrail comes in two spellings:
 * the role ARN (`arn:aws:iam::123:role/path/Name`, with its path) and the assumed-role
 * ARN (`arn:aws:sts::123:assumed-role/Name/session`, without it). Role names are unique
 * per account regardless of path and case, so `roleKey` (account + lower-cased name) is
 * what every stage matches on.
 */

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Parse an ARN; undefined when the text is not one. */
export function parseArn(text: string): Arn | undefined {
  if (typeof text !== 'string' || !text.startsWith('arn:')) return undefined;
  const parts = text.split(':');
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (!partition || !service) return undefined;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

export interface RoleRef {
  accountId: string;
  roleName: string;
  /** Path including leading and trailing slash, `/` when none; undefined when unknown (assumed-role ARNs). */
  path?: string;
}

/** Parse an IAM role ARN (`arn:aws:iam::123:role/path/Name`). */
export function parseRoleArn(text: string): RoleRef | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'iam' || !arn.resource.startsWith('role/')) return undefined;
  const rest = arn.resource.slice('role/'.length);
  const slash = rest.lastIndexOf('/');
  const roleName = slash >= 0 ? rest.slice(slash + 1) : rest;
  if (!roleName) return undefined;
  const path = slash >= 0 ? `/${rest.slice(0, slash + 1)}` : '/';
  return { accountId: arn.account, roleName, path };
}

/** Parse an STS assumed-role ARN (`arn:aws:sts::123:assumed-role/Name/session`). */
export function parseAssumedRoleArn(text: string): (RoleRef & { sessionName: string }) | undefined {
  const arn = parseArn(text);
  if (!arn || arn.service !== 'sts' || !arn.resource.startsWith('assumed-role/')) return undefined;
  const [, roleName, ...session] = arn.resource.split('/');
  if (!roleName) return undefined;
  return { accountId: arn.account, roleName, sessionName: session.join('/') };
}

/** The key roles are matched on: account and case-folded name (IAM role names are case-insensitively unique). */
export function roleKey(accountId: string, roleName: string): string {
  return `${accountId}:${roleName.toLowerCase()}`;
}

/** `roleKey` of a role ARN or assumed-role ARN; undefined for anything else. */
export function roleKeyOfArn(text: string): string | undefined {
  const ref = parseRoleArn(text) ?? parseAssumedRoleArn(text);
  return ref ? roleKey(ref.accountId, ref.roleName) : undefined;
}
