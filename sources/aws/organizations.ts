/**
 * The accounts of an AWS Organization, from its management account (or a delegated
 * administrator): `organizations:ListAccounts`, every page. Suspended and closing
 * accounts are returned apart, with their status, so the report can say why they were
 * not read.
 */
import { paginateListAccounts, type OrganizationsClient } from '@aws-sdk/client-organizations';

export interface OrgAccount {
  id: string;
  name: string;
}

export interface OrgAccounts {
  /** The Organization's id (`o-...`), read from the accounts' ARNs. */
  orgId?: string;
  active: OrgAccount[];
  /** Accounts not ACTIVE (SUSPENDED, PENDING_CLOSURE), with their status. */
  inactive: (OrgAccount & { status: string })[];
}

/** Every account of the Organization, active ones in id order. */
export async function listOrgAccounts(client: OrganizationsClient): Promise<OrgAccounts> {
  const out: OrgAccounts = { active: [], inactive: [] };
  for await (const page of paginateListAccounts({ client }, {})) {
    for (const a of page.Accounts ?? []) {
      if (!a.Id) continue;
      out.orgId ??= /:account\/(o-[a-z0-9]+)\//.exec(a.Arn ?? '')?.[1];
      // `State` is the newer field (2025); `Status` the older one, still returned.
      const status = String((a as { State?: string }).State ?? a.Status ?? 'ACTIVE');
      const account = { id: a.Id, name: a.Name ?? a.Id };
      if (status === 'ACTIVE') out.active.push(account);
      else out.inactive.push({ ...account, status });
    }
  }
  out.active.sort((a, b) => (a.id < b.id ? -1 : 1));
  return out;
}
