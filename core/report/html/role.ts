/**
 * One role's section: who it is and where it runs, what its grant is made of (by service
 * and by access level, drawn and counted), the evidence sentence, then its findings and
 * its suggested policy.
 */
import { htmlText } from '../escape.ts';
import { plural } from '../labels.ts';
import { grantBreakdownByLevel, grantBreakdownByService, roleAccount, type GrantBreakdown, type RoleView } from '../view.ts';
import { legend, stackedBar } from './charts.ts';
import { lastAccessedSection } from './evidence.ts';
import { deniedTable, notObservableTable, unmappedList, unusedTable, usedTable } from './findings.ts';
import { code, listOf, num, riskBadge, roleId, table } from './markup.ts';
import { filterAttributes } from './overview.ts';
import { suggestionSection } from './suggestion.ts';
import { splitSection, workloadsSection } from './workloads.ts';
import { workloadEntryLabel } from '../workload-view.ts';

/** Services drawn one by one; the rest share a row. */
const MAX_SERVICE_ROWS = 12;

function identity(view: RoleView): string {
  const { role } = view;
  const items: [string, string][] = [
    ['ARN', code(role.roleArn)],
    ['Account', htmlText(roleAccount(role), 40) || '?'],
    ['Used as', role.usedAs.length ? htmlText(role.usedAs.map((u) => `${u} role`).join(' + '), 40) : 'named with --role'],
    ['Workloads', role.workloads.length ? listOf(role.workloads.map(workloadEntryLabel), 8, (t) => htmlText(t, 160)) : '<span class="muted">none</span>'],
  ];
  if (role.grantsStatus === 'unknown') {
    items.push(['Grants', `<strong class="problem">unknown</strong>: ${role.grantProblems.map((p) => htmlText(p)).join('; ')}`]);
  } else {
    items.push(['Grants', `${plural(role.grantedActions, 'action')} allowed${role.grantsStatus === 'partial' ? ' <strong class="problem">(partial: some policies could not be read)</strong>' : ''}`]);
    if (role.wildcardGrants.length) {
      const list = role.wildcardGrants.map((w, i) => `<li>${htmlText(view.wildcardLabels[i]!, 200)} on ${listOf(w.resources, 4, (r) => code(r, 160))}</li>`);
      items.push([plural(role.wildcardGrants.length, 'Wildcard statement'), `<ul>${list.join('')}</ul>`]);
    }
    for (const p of role.grantProblems) items.push(['Problem', `<span class="problem">${htmlText(p)}</span>`]);
    for (const u of role.unknownGrantedActions.slice(0, 10)) items.push(['Unknown action', `${code(u.policy, 128)} names ${code(u.action, 80)}, which the IAM catalog does not know`]);
  }
  if (role.createDate) items.push(['Created', `${htmlText(role.createDate, 40)}${role.createdInWindow ? ' <strong>(inside the window: its unused list covers less than the window)</strong>' : ''}`]);
  items.push(['ECS started it', `${plural(role.ecsAssumed.count, 'time')}${role.ecsAssumed.lastSeen ? `, last ${htmlText(role.ecsAssumed.lastSeen, 40)}` : ''}`]);
  return `<dl>${items.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function breakdownRows(rows: readonly GrantBreakdown[], label: (key: string) => string): string[][] {
  const max = Math.max(1, ...rows.map((r) => r.granted));
  return rows.map((r) => [
    label(r.key),
    num(r.granted),
    num(r.used),
    num(r.notObservable),
    num(r.unused),
    stackedBar(
      [
        { kind: 'used', value: r.used },
        { kind: 'not-observable', value: r.notObservable },
        { kind: 'unused', value: r.unused },
      ],
      { kind: 'absolute', max },
      160,
      12,
    ),
  ]);
}

/** Fold the services past `MAX_SERVICE_ROWS` into one row. */
function topServices(rows: GrantBreakdown[]): GrantBreakdown[] {
  if (rows.length <= MAX_SERVICE_ROWS) return rows;
  const rest = rows.slice(MAX_SERVICE_ROWS - 1);
  const other = rest.reduce((o, r) => ({ key: o.key, granted: o.granted + r.granted, used: o.used + r.used, unused: o.unused + r.unused, notObservable: o.notObservable + r.notObservable }), {
    key: `${rest.length} other services`,
    granted: 0,
    used: 0,
    unused: 0,
    notObservable: 0,
  });
  return [...rows.slice(0, MAX_SERVICE_ROWS - 1), other];
}

function grantCharts(view: RoleView): string {
  const { role } = view;
  if (role.grantsStatus === 'unknown' || role.grantedActions === 0) return '';
  const head = ['Service', 'n:Granted', 'n:Used', 'n:Not observable', 'n:Unused', 'Granted actions'];
  const services = topServices(grantBreakdownByService(role));
  const byService = table('Granted vs used, by service (most granted first)', head, breakdownRows(services, (k) => (k.includes(' ') ? htmlText(k, 60) : code(k, 60))));
  const byLevel = table('Granted vs used, by access level', ['Access level', ...head.slice(1)], breakdownRows(grantBreakdownByLevel(role), (k) => htmlText(k, 40)));
  return legend(['used', 'not-observable', 'unused']) + byService + byLevel;
}

/** The whole section of one role. */
export function roleSection(view: RoleView): string {
  const { role, rank, risk } = view;
  const id = roleId(rank);
  return (
    `<section class="role" id="${id}" aria-labelledby="${id}-h" ${filterAttributes(view)}>` +
    `<h3 id="${id}-h">${rank}. ${htmlText(role.roleName, 128)} ${riskBadge(risk)}</h3>` +
    identity(view) +
    `<p class="evidence"><strong>Evidence:</strong> ${htmlText(role.evidence, 1000)}</p>` +
    lastAccessedSection(view) +
    grantCharts(view) +
    usedTable(view) +
    workloadsSection(view) +
    (role.grantsStatus !== 'unknown' ? unusedTable(view) + notObservableTable(view) : '') +
    deniedTable(view) +
    unmappedList(view) +
    suggestionSection(view) +
    splitSection(view) +
    `<p><a href="#overview">Back to the overview</a></p></section>`
  );
}
