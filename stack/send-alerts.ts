/**
 * A run's alerts onto the topic without getting its e-mail subscribers unsubscribed: a few
 * go out one message each (paced by the publisher, at most 5 a second), more go out as one
 * digest. Then the alert state, pruned of entries nothing can refer to any more, is
 * written, and only when it changed (it is read and written by every run).
 */
import { isDigestDue, renderAlertDigest } from '../core/alerts/digest.ts';
import { planAlerts, type AlertState, type DenialInput } from '../core/alerts/plan.ts';
import { pruneAlertState } from '../core/alerts/prune.ts';
import { renderAlert } from '../core/report/alert-message.ts';
import type { CollectDeps } from './collect-deps.ts';
import type { StackConfig } from './config.ts';

export interface AlertsSent {
  /** Denials alerted (in one message each, or together in a digest). */
  alerts: number;
  /** Messages published. */
  messages: number;
  digest: boolean;
  /** Alert-state entries dropped as stale. */
  pruned: number;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + 'Z';

/** Alert on new denials, publish, then save the state. */
export async function sendAlerts(cfg: StackConfig, deps: Pick<CollectDeps, 'store' | 'publish' | 'now'>, denials: DenialInput[], account: string | undefined): Promise<AlertsSent> {
  const before: AlertState = await deps.store.getAlertState();
  const now = iso(deps.now());
  const plan = planAlerts(before, denials, now, cfg.suppressionMinutes * 60_000);
  const rereadMs = Math.max(cfg.reconcileHours * 3_600_000, cfg.overlapMinutes * 60_000);
  const { state, pruned } = pruneAlertState(plan.state, now, { suppressionMs: cfg.suppressionMinutes * 60_000, rereadMs });
  const digest = isDigestDue(plan.alerts);
  const messages = digest ? [renderAlertDigest(plan.alerts, account)] : plan.alerts.map((a) => renderAlert(a, account));
  // Published before the state that records them: a crash in between repeats alerts rather than losing them.
  for (const m of messages) await deps.publish(m);
  if (JSON.stringify(state) !== JSON.stringify(before)) await deps.store.putAlertState(state);
  return { alerts: plan.alerts.length, messages: messages.length, digest, pruned };
}
