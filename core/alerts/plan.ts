/**
 * Which access-denied alerts to send now. One alert per role + action + cause per
 * suppression window; denials inside the window are counted and reported by the next
 * alert as "N more since". Event keys already alerted are remembered (bounded), so
 * overlapping collect windows never alert twice for the same event. State is plain data,
 * kept by the caller in S3 so it survives cold starts.
 */
import type { DenialCause, TrackedRole } from '../model.ts';
import type { DeniedUsage } from '../usage/model.ts';
import type { DenialRevision } from '../workloads/alert-revision.ts';

export interface AlertEntry {
  lastAlertAt?: string;
  /** Denials seen since the last alert that no alert has reported yet. */
  pending: number;
  firstSeen: string;
  lastSeen: string;
  /** Recently seen event keys, oldest first, at most `SEEN_LIMIT`. */
  seen: number[];
}

export interface AlertState {
  version: 1;
  entries: Record<string, AlertEntry>;
}

export interface Alert {
  roleArn: string;
  roleName: string;
  workloads: TrackedRole['workloads'];
  action: string;
  cause: DenialCause;
  errorCode: string;
  resources: string[];
  message?: string;
  /** Denials this alert reports (new since the previous alert, suppressed ones included). */
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** When the previous alert for the same role, action and cause went out. */
  previousAlertAt?: string;
  /**
   * The task-definition revision every refused, known task ran, when the task facts say;
   * `sinceDeployed`: an earlier revision of its family ran and this denial was never alerted
   * before, so it began with this revision ("denied since orders-api:15 was deployed").
   */
  revision?: DenialRevision & { sinceDeployed: boolean };
}

export interface DenialInput {
  role: TrackedRole;
  denied: DeniedUsage;
  /** The revision the refused tasks ran (core/workloads/alert-revision.ts), when known. */
  revision?: DenialRevision;
}

export const SEEN_LIMIT = 2000;

export function emptyAlertState(): AlertState {
  return { version: 1, entries: {} };
}

/** Plan the alerts for this run's denials. Returns the new state; the input state is not changed. */
export function planAlerts(state: AlertState, denials: DenialInput[], now: string, suppressionMs: number): { alerts: Alert[]; state: AlertState } {
  const next: AlertState = { version: 1, entries: structuredClone(state.entries) };
  const alerts: Alert[] = [];
  for (const { role, denied, revision } of denials) {
    const key = `${role.roleArn}|${denied.action}|${denied.cause}`;
    const entry = (next.entries[key] ??= { pending: 0, firstSeen: denied.firstSeen, lastSeen: denied.lastSeen, seen: [] });
    // Never alerted before (the state keeps entries well past the suppression window): new with this revision.
    const firstOfItsKind = entry.lastAlertAt === undefined;
    const seen = new Set(entry.seen);
    const fresh = denied.keys.filter((k) => !seen.has(k));
    if (fresh.length === 0) continue;
    entry.seen.push(...fresh);
    if (entry.seen.length > SEEN_LIMIT) entry.seen.splice(0, entry.seen.length - SEEN_LIMIT);
    entry.pending += fresh.length;
    // After an alert, firstSeen restarts with the next denials (empty until then).
    if (!entry.firstSeen || denied.firstSeen < entry.firstSeen) entry.firstSeen = denied.firstSeen;
    if (denied.lastSeen > entry.lastSeen) entry.lastSeen = denied.lastSeen;
    const quiet = entry.lastAlertAt !== undefined && Date.parse(now) - Date.parse(entry.lastAlertAt) < suppressionMs;
    if (quiet) continue;
    alerts.push({
      roleArn: role.roleArn,
      roleName: role.roleName,
      workloads: role.workloads,
      action: denied.action,
      cause: denied.cause,
      errorCode: denied.errorCode,
      resources: denied.resources.arns,
      ...(denied.message ? { message: denied.message } : {}),
      count: entry.pending,
      firstSeen: entry.firstSeen,
      lastSeen: entry.lastSeen,
      ...(entry.lastAlertAt ? { previousAlertAt: entry.lastAlertAt } : {}),
      ...(revision ? { revision: { ...revision, sinceDeployed: firstOfItsKind && revision.earlier !== undefined } } : {}),
    });
    entry.lastAlertAt = now;
    entry.pending = 0;
    entry.firstSeen = '';
  }
  return { alerts, state: next };
}
