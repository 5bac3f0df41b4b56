/**
 * An access-denied alert as an SNS message: plain text an e-mail subscriber can act on,
 * a subject SNS accepts, and attributes subscription filter policies can match.
 */
import type { Alert } from '../alerts/plan.ts';
import { workloadLabel } from '../inventory/inventory.ts';
import { denyingPolicyArn } from '../trail/denial.ts';
import { compactJson } from './compact-json.ts';
import { plain, snsSubject } from './plain-text.ts';
import { CAUSE_LABEL } from './summaries.ts';

export interface SnsMessage {
  subject: string;
  message: string;
  attributes: Record<string, string>;
}

/** The statement that would allow the denied call (for a missing identity-policy allow only). */
export function fixStatement(alert: Alert): Record<string, unknown> | undefined {
  if (alert.cause !== 'no-identity-policy') return undefined;
  return { Effect: 'Allow', Action: alert.action, Resource: alert.resources.length ? alert.resources : '*' };
}

export function renderAlert(alert: Alert, account?: string): SnsMessage {
  const lines: string[] = [];
  lines.push(`ACCESS DENIED: ${plain(alert.roleName, 128)} was refused ${alert.action}`);
  lines.push('');
  lines.push(`Role:       ${plain(alert.roleArn, 300)}`);
  if (alert.workloads.length) lines.push(`Workloads:  ${alert.workloads.slice(0, 8).map((w) => plain(workloadLabel(w), 160)).join(', ')}${alert.workloads.length > 8 ? ` (+${alert.workloads.length - 8} more)` : ''}`);
  lines.push(`Action:     ${alert.action}`);
  if (alert.resources.length) lines.push(`Resource:   ${alert.resources.slice(0, 5).map((r) => plain(r, 300)).join(', ')}${alert.resources.length > 5 ? ' …' : ''}`);
  lines.push(`Cause:      ${CAUSE_LABEL[alert.cause]} (${alert.cause})`);
  const denying = denyingPolicyArn(alert.message);
  if (denying) lines.push(`Policy:     ${plain(denying, 300)}`);
  lines.push(`Error:      ${plain(alert.errorCode, 80)}${alert.message ? `: ${plain(alert.message, 1000)}` : ''}`);
  lines.push(`Count:      ${alert.count} call${alert.count === 1 ? '' : 's'}${alert.previousAlertAt ? ` since the previous alert at ${alert.previousAlertAt}` : ''}`);
  lines.push(`First/last: ${alert.firstSeen} / ${alert.lastSeen}`);
  const fix = fixStatement(alert);
  if (fix) {
    lines.push('');
    lines.push('No identity-based policy allows this call. If the workload needs it, this statement would allow it:');
    lines.push(compactJson(fix, 100));
  } else if (alert.cause !== 'unknown') {
    lines.push('');
    lines.push('Adding an identity-policy allow would not fix this: the denial comes from the policy named above.');
  }
  return {
    subject: snsSubject(`policy-drift: ${alert.roleName} denied ${alert.action}${account ? ` (${account})` : ''}`),
    message: lines.join('\n') + '\n',
    attributes: { kind: 'access-denied', severity: 'high', roleArn: alert.roleArn, action: alert.action, cause: alert.cause },
  };
}
