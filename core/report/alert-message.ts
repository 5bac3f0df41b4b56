/**
 * An access-denied alert as an SNS message: plain text an e-mail subscriber can act on,
 * a subject SNS accepts, and attributes subscription filter policies can match.
 */
import type { Alert } from '../alerts/plan.ts';
import { isMissingAllow } from '../analyze/consider.ts';
import { workloadLabel } from '../inventory/inventory.ts';
import { denyingPolicyArn } from '../trail/denial.ts';
import { compactJson } from './compact-json.ts';
import { plain, sanitise, snsSubject } from './escape.ts';
import { CAUSE_LABEL } from './labels.ts';

export interface SnsMessage {
  subject: string;
  message: string;
  attributes: Record<string, string>;
}

/** The statement that would allow the denied call (for a missing identity-policy allow only). */
export function fixStatement(alert: Alert): Record<string, unknown> | undefined {
  if (!isMissingAllow(alert.cause)) return undefined;
  return { Effect: 'Allow', Action: alert.action, Resource: alert.resources.length ? alert.resources : '*' };
}

/** What the alert says, derived once: the lists capped, the denying policy, the fix. */
interface AlertView {
  workloads: string[];
  moreWorkloads: number;
  resources: string[];
  moreResources: boolean;
  denyingPolicy?: string;
  fix?: Record<string, unknown>;
}

function alertView(alert: Alert): AlertView {
  return {
    workloads: alert.workloads.slice(0, 8).map((w) => plain(workloadLabel(w), 160)),
    moreWorkloads: Math.max(0, alert.workloads.length - 8),
    resources: alert.resources.slice(0, 5).map((r) => plain(r, 300)),
    moreResources: alert.resources.length > 5,
    denyingPolicy: denyingPolicyArn(alert.message),
    fix: fixStatement(alert),
  };
}

function alertLines(alert: Alert, v: AlertView): string[] {
  const lines = [`ACCESS DENIED: ${plain(alert.roleName, 128)} was refused ${alert.action}`, ''];
  lines.push(`Role:       ${plain(alert.roleArn, 300)}`);
  if (v.workloads.length) lines.push(`Workloads:  ${v.workloads.join(', ')}${v.moreWorkloads ? ` (+${v.moreWorkloads} more)` : ''}`);
  lines.push(`Action:     ${alert.action}`);
  if (v.resources.length) lines.push(`Resource:   ${v.resources.join(', ')}${v.moreResources ? ' …' : ''}`);
  lines.push(`Cause:      ${CAUSE_LABEL[alert.cause]} (${alert.cause})`);
  if (v.denyingPolicy) lines.push(`Policy:     ${plain(v.denyingPolicy, 300)}`);
  lines.push(`Error:      ${plain(alert.errorCode, 80)}${alert.message ? `: ${plain(alert.message, 1000)}` : ''}`);
  lines.push(`Count:      ${alert.count} call${alert.count === 1 ? '' : 's'}${alert.previousAlertAt ? ` since the previous alert at ${alert.previousAlertAt}` : ''}`);
  lines.push(`First/last: ${alert.firstSeen} / ${alert.lastSeen}`);
  if (v.fix) {
    lines.push('', 'No identity-based policy allows this call. If the workload needs it, this statement would allow it:');
    lines.push(...compactJson(v.fix, 100).split('\n').map(sanitise));
  } else if (alert.cause !== 'unknown') {
    lines.push('', 'Adding an identity-policy allow would not fix this: the denial comes from the policy named above.');
  }
  return lines;
}

/** Render one access-denied alert as an SNS message. */
export function renderAlert(alert: Alert, account?: string): SnsMessage {
  return {
    subject: snsSubject(`policy-drift: ${alert.roleName} denied ${alert.action}${account ? ` (${account})` : ''}`),
    message: alertLines(alert, alertView(alert)).join('\n') + '\n',
    attributes: { kind: 'access-denied', severity: 'high', roleArn: alert.roleArn, action: alert.action, cause: alert.cause },
  };
}
