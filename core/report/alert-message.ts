/**
 * An access-denied alert as an SNS message: plain text an e-mail subscriber can act on,
 * a subject SNS accepts, and attributes subscription filter policies can match. Every
 * string of the alert is `plain` text, attributes are sanitised, and the message gets a last
 * `snsText` pass, so no input (an S3 key with a lone surrogate, say) can make SNS refuse it.
 */
import type { Alert } from '../alerts/plan.ts';
import { isMissingAllow } from '../analyze/consider.ts';
import { workloadLabel } from '../inventory/inventory.ts';
import { denyingPolicyArn } from '../trail/denial.ts';
import { compactJson } from './compact-json.ts';
import { displayJson, plain, sanitise, snsSubject, snsText } from './escape.ts';
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
  const action = plain(alert.action, 128);
  const lines = [`ACCESS DENIED: ${plain(alert.roleName, 128)} was refused ${action}`, ''];
  lines.push(`Role:       ${plain(alert.roleArn, 300)}`);
  if (v.workloads.length) lines.push(`Workloads:  ${v.workloads.join(', ')}${v.moreWorkloads ? ` (+${v.moreWorkloads} more)` : ''}`);
  lines.push(`Action:     ${action}`);
  if (v.resources.length) lines.push(`Resource:   ${v.resources.join(', ')}${v.moreResources ? ' …' : ''}`);
  lines.push(`Cause:      ${CAUSE_LABEL[alert.cause]} (${alert.cause})`);
  if (v.denyingPolicy) lines.push(`Policy:     ${plain(v.denyingPolicy, 300)}`);
  lines.push(`Error:      ${plain(alert.errorCode, 80)}${alert.message ? `: ${plain(alert.message, 1000)}` : ''}`);
  lines.push(`Count:      ${alert.count} call${alert.count === 1 ? '' : 's'}${alert.previousAlertAt ? ` since the previous alert at ${plain(alert.previousAlertAt, 40)}` : ''}`);
  lines.push(`First/last: ${plain(alert.firstSeen, 40)} / ${plain(alert.lastSeen, 40)}`);
  if (alert.revision) lines.push(`Revision:   ${revisionLine(alert.revision)}`);
  if (v.fix) {
    lines.push('', 'No identity-based policy allows this call. If the workload needs it, this statement would allow it:');
    // Escaped, never sanitised: the statement must stay exact to paste.
    lines.push(...compactJson(v.fix, 100).split('\n').map(displayJson));
  } else if (alert.cause !== 'unknown') {
    lines.push('', 'Adding an identity-policy allow would not fix this: the denial comes from the policy named above.');
  }
  return lines;
}

/** "denied since orders-api:15 was deployed (first task …; orders-api:14 ran before it)", or which revision the refused tasks ran. */
function revisionLine(r: NonNullable<Alert['revision']>): string {
  const rev = plain(r.revision, 160);
  const first = r.firstTask ? `first task ${plain(r.firstTask, 40)}` : '';
  if (r.sinceDeployed) return `denied since ${rev} was deployed (${[first, `${plain(r.earlier!, 160)} ran before it and this denial was never alerted`].filter(Boolean).join('; ')})`;
  return `the refused tasks ran ${rev}${first ? ` (${first})` : ''}`;
}

/** Render one access-denied alert as an SNS message. */
export function renderAlert(alert: Alert, account?: string): SnsMessage {
  return {
    subject: snsSubject(`policy-drift: ${alert.roleName} denied ${alert.action}${account ? ` (${account})` : ''}`),
    message: snsText(alertLines(alert, alertView(alert)).join('\n') + '\n'),
    // Attribute values are matched by filter policies, never displayed: sanitised, not cut.
    attributes: { kind: 'access-denied', severity: 'high', roleArn: sanitise(alert.roleArn), action: sanitise(alert.action), cause: alert.cause },
  };
}
