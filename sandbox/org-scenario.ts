/**
 * Organization scenarios from one account's: the same workloads moved to other account
 * ids (every ARN, account field and event), each account made to differ by which of its
 * events happened. The sandbox, the e2e tests and `npm run demo:org` share them.
 */
import type { Scenario } from './scenario.ts';

/** `s` as account `accountId`: every occurrence of its account id replaced. */
export function asAccount(s: Scenario, accountId: string): Scenario {
  if (!/^\d{12}$/.test(accountId)) throw new Error(`not an account id: ${accountId}`);
  return JSON.parse(JSON.stringify(s).replaceAll(s.accountId, accountId)) as Scenario;
}

/** `s` with only the events `keep` keeps (another account's week: fewer calls, other denials). */
export function keepEvents(s: Scenario, keep: (e: Record<string, unknown>, i: number) => boolean): Scenario {
  return { ...s, events: s.events.filter(keep) };
}

/** Data events (S3 objects, DynamoDB items, ...): what a trail with data events records and LookupEvents never returns. */
export function isDataEvent(e: Record<string, unknown>): boolean {
  return e.eventCategory === 'Data' || e.managementEvent === false;
}
