/**
 * One run of the deployed `alert` function (trail mode): a denied call, seconds after it
 * happened, through EventBridge. The record is folded like any other (the same denial
 * parsing), attributed with its account's tracked roles (the cached inventory), and
 * alerted through the same plan and message as collect's alerts, with the account's own
 * deduplication state: a denial alerted here is not alerted again, and repeats within the
 * suppression window are counted into the next alert.
 *
 * Alerts are published before the state that records them (a crash in between repeats an
 * alert rather than losing one). Two invocations at once may both read the old state: at
 * worst an alert is repeated, never lost.
 */
import { roleKey } from '../core/arn.ts';
import type { DenialInput } from '../core/alerts/plan.ts';
import type { Catalog } from '../core/catalog/catalog.ts';
import type { SnsMessage } from '../core/report/alert-message.ts';
import { AccountObjects, accountStore } from '../sources/store/account-store.ts';
import type { ObjectStore } from '../sources/store/object-store.ts';
import { eventAccount, eventBridgeTrail, type CloudTrailEvent } from '../sources/trail/event-record.ts';
import type { StackConfig } from './config.ts';
import { sendAlerts, type AlertsSent } from './send-alerts.ts';
import { withDenialRevisions } from './task-facts.ts';
import { cachedTrackedRoles } from './trail-accounts.ts';

export interface AlertDeps {
  store: ObjectStore;
  catalog: Catalog;
  publish(message: SnsMessage): Promise<void>;
  now(): number;
  log(message: string, data?: Record<string, unknown>): void;
}

export interface AlertSummary {
  account?: string;
  /** Why nothing was done: the event is not of a tracked role's denial. */
  skipped?: 'no-account' | 'no-inventory' | 'not-a-tracked-denial';
  alerts: number;
  sent?: AlertsSent;
}

export async function runAlert(cfg: StackConfig, deps: AlertDeps, event: CloudTrailEvent): Promise<AlertSummary> {
  const account = eventAccount(event);
  if (!account) return { skipped: 'no-account', alerts: 0 };
  const roles = await cachedTrackedRoles(deps.store, account);
  if (!roles) {
    deps.log('alert skipped: no inventory', { account });
    return { account, skipped: 'no-inventory', alerts: 0 };
  }
  const byKey = new Map(roles.map((r) => [roleKey(r.accountId, r.roleName), r]));
  const read = await eventBridgeTrail(event).read({ catalog: deps.catalog, tracked: new Set(byKey.keys()) });
  const denials: DenialInput[] = [];
  for (const [key, usage] of Object.entries(read.usage.roles)) {
    const role = byKey.get(key);
    if (role) for (const denied of Object.values(usage.denied)) denials.push({ role, denied });
  }
  if (denials.length === 0) return { account, skipped: 'not-a-tracked-denial', alerts: 0 };
  // The same plan, pacing, digest and state pruning as collect's alerts, with the account's own state.
  // Which revision the refused tasks ran, from the task facts its task state change events left.
  const placed = await withDenialRevisions(denials, [read], [], new AccountObjects(deps.store, account), deps.now());
  const sent = await sendAlerts(cfg, { store: accountStore(deps.store, account), publish: deps.publish, now: deps.now }, placed, account);
  deps.log('alerted', { account, ...sent });
  return { account, alerts: sent.alerts, sent };
}
