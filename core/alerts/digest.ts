/**
 * Many new denials in one run as one SNS message ("12 new denials across 3 roles"), not
 * one message each: SNS suspends an e-mail subscription that receives more than 10
 * messages a second and deletes it after 48 hours, which would silence alerts, weekly
 * reports and alarms together. The digest lists each denial on a few lines, most calls
 * first, and stays under SNS's 256 KB.
 */
import { workloadLabel } from '../inventory/inventory.ts';
import type { SnsMessage } from '../report/alert-message.ts';
import { fitBytes, plain, snsSubject } from '../report/escape.ts';
import { CAUSE_LABEL } from '../report/labels.ts';
import type { Alert } from './plan.ts';

/** Up to this many alerts a run are sent one message each; more go out as one digest. */
export const DIGEST_AFTER = 5;

/** SNS's message limit, less room for the attributes. */
const MESSAGE_BYTES = 250_000;

/** Should this run's alerts go out as one digest? */
export function isDigestDue(alerts: readonly Alert[]): boolean {
  return alerts.length > DIGEST_AFTER;
}

function digestEntry(a: Alert): string[] {
  const lines = [`- ${plain(a.roleName, 128)} denied ${a.action}: ${a.count} call${a.count === 1 ? '' : 's'} (${a.firstSeen} to ${a.lastSeen})`];
  lines.push(`  Cause:     ${CAUSE_LABEL[a.cause]} (${a.cause})`);
  if (a.resources.length) lines.push(`  Resource:  ${a.resources.slice(0, 3).map((r) => plain(r, 300)).join(', ')}${a.resources.length > 3 ? ' …' : ''}`);
  if (a.workloads.length) lines.push(`  Workloads: ${a.workloads.slice(0, 4).map((w) => plain(workloadLabel(w), 160)).join(', ')}${a.workloads.length > 4 ? ' …' : ''}`);
  if (a.revision?.sinceDeployed) lines.push(`  Revision:  denied since ${plain(a.revision.revision, 160)} was deployed`);
  else if (a.revision) lines.push(`  Revision:  the refused tasks ran ${plain(a.revision.revision, 160)}`);
  return lines;
}

/** One message for all of a run's alerts. */
export function renderAlertDigest(alerts: readonly Alert[], account?: string): SnsMessage {
  const roles = new Set(alerts.map((a) => a.roleArn));
  const head = `${alerts.length} new denial${alerts.length === 1 ? '' : 's'} across ${roles.size} role${roles.size === 1 ? '' : 's'}`;
  const sorted = [...alerts].sort((a, b) => b.count - a.count || (a.roleName < b.roleName ? -1 : a.roleName > b.roleName ? 1 : a.action < b.action ? -1 : 1));
  const lines = [`ACCESS DENIED: ${head}${account ? ` in ${account}` : ''}`, ''];
  lines.push(`Sent as one message: more than ${DIGEST_AFTER} denials were new in one run. Later denials of the same role, action and cause are counted and alerted after the suppression window.`, '');
  for (const a of sorted) lines.push(...digestEntry(a), '');
  return {
    subject: snsSubject(`policy-drift: ${head}${account ? ` (${account})` : ''}`),
    message: fitBytes(lines.join('\n'), MESSAGE_BYTES, 'More denials than fit in one message: see the weekly report.'),
    attributes: { kind: 'access-denied-digest', severity: 'high', count: String(alerts.length) },
  };
}
