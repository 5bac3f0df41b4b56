/**
 * AWS Organizations on AWS JSON 1.1 (`X-Amz-Target: AWSOrganizationsV20161128.<Op>`):
 * `ListAccounts`, paginated, from the organization a test declares. A caller outside an
 * organization gets AWSOrganizationsNotInUseException, as Organizations answers.
 */
import type { SandboxState } from './server.ts';
import { AwsError, enter } from './server.ts';
import { world } from './world.ts';

type Json = Record<string, unknown>;

/** Declare the sandbox's Organization: its id and member accounts (ACTIVE unless said). */
export function setOrganization(state: SandboxState, id: string, accounts: { id: string; name: string; status?: string }[]): void {
  world(state).organization = { id, accounts };
}

export function handleOrganizations(state: SandboxState, op: string, req: Json): Json {
  enter(state, `Organizations.${op}`);
  const org = world(state).organization;
  if (!org) throw new AwsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
  if (op !== 'ListAccounts') throw new AwsError('UnknownOperationException', `Organizations.${op} is not served by the sandbox`);
  const start = typeof req.NextToken === 'string' ? Number(Buffer.from(req.NextToken, 'base64').toString()) : 0;
  if (!Number.isInteger(start) || start < 0 || start > org.accounts.length) throw new AwsError('InvalidInputException', 'The NextToken is not valid.');
  const size = Math.min(Number(req.MaxResults ?? 20), state.pageSize);
  const page = org.accounts.slice(start, start + size);
  const next = start + size < org.accounts.length ? Buffer.from(String(start + size)).toString('base64') : undefined;
  return {
    Accounts: page.map((a) => ({
      Id: a.id,
      Arn: `arn:aws:organizations::${state.scenario.accountId}:account/${org.id}/${a.id}`,
      Email: `${a.name}@example.com`,
      Name: a.name,
      Status: a.status ?? 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: Date.parse('2024-01-01T00:00:00Z') / 1000,
    })),
    ...(next ? { NextToken: next } : {}),
  };
}
