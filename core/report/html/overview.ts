/**
 * The top of the page: what was read, the totals, and every role ranked by risk with a bar
 * of what its grant is made of, filterable by account, cluster, ECS service and role usage.
 */
import { workloadLabel } from '../../inventory/inventory.ts';
import { escapeHtml, htmlText, sanitise, truncate } from '../escape.ts';
import { plural } from '../labels.ts';
import { roleAccount, type ReportView, type RoleView } from '../view.ts';
import { legend, stackedBar, type Segment } from './charts.ts';
import { code, dataList, listOf, num, riskBadge, roleId } from './markup.ts';

/** A filter: the `<select>` name, its label, and each role's values for it. */
interface Filter {
  name: 'account' | 'cluster' | 'service' | 'usage';
  label: string;
  any: string;
  valuesOf: (r: RoleView) => string[];
}

// Filter values are compared as shown: sanitised and capped the way `htmlText` shows them,
// so an option and the roles it selects always hold the same string.
const unique = (xs: readonly (string | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x).map((x) => truncate(sanitise(x), 200)))].sort();

export const FILTERS: readonly Filter[] = [
  { name: 'account', label: 'Account', any: 'All accounts', valuesOf: (r) => unique([roleAccount(r.role)]) },
  { name: 'cluster', label: 'Cluster', any: 'All clusters', valuesOf: (r) => unique(r.role.workloads.map((w) => w.cluster)) },
  { name: 'service', label: 'ECS service', any: 'All services', valuesOf: (r) => unique(r.role.workloads.map((w) => w.service)) },
  { name: 'usage', label: 'Role usage', any: 'Task and execution roles', valuesOf: (r) => unique(r.role.usedAs) },
];

/** The `data-*` attributes the page's filter script matches a role's row and section on. */
export function filterAttributes(r: RoleView): string {
  return `data-role-item ${FILTERS.map((f) => `data-${f.name}=${dataList(f.valuesOf(r))}`).join(' ')}`;
}

/** The segments of a role's overview bar. */
export function roleSegments({ role }: RoleView): Segment[] {
  return [
    { kind: 'used', value: role.used.length },
    { kind: 'unused', value: role.unused.length },
    { kind: 'not-observable', value: role.notObservable.length },
    { kind: 'denied', value: role.denied.length },
  ];
}

/** Title, window, input and totals. */
export function summarySection(view: ReportView): string {
  const { report, window: w, totals: t, skipped } = view;
  const i = report.input;
  const cards = [
    [num(t.roles), 'tracked roles'],
    [num(t.unused), 'unused permissions'],
    [num(t.deniedCalls), 'denied calls'],
    [num(t.wildcardRoles), 'roles with wildcard grants'],
    ...(t.unknownGrants ? [[num(t.unknownGrants), 'roles with incomplete grants']] : []),
  ];
  const notes = [
    `${plural(i.records, 'CloudTrail record')} read: ${num(i.attributed)} by tracked roles, ${num(i.notTracked)} by other principals` +
      (i.outsideWindow ? `, ${num(i.outsideWindow)} outside the window` : '') +
      `, ${num(skipped.total)} skipped${skipped.byReason.length ? ` (${skipped.byReason.map(([k, v]) => `${htmlText(k, 60)}: ${num(v)}`).join(', ')})` : ''}.`,
    `Data events present for: ${i.dataEventServices.length ? i.dataEventServices.map((s) => code(s, 40)).join(', ') : 'none, so data-plane actions are “not observable”'}` +
      (i.regions.length ? `. Regions: ${i.regions.map((r) => htmlText(r, 40)).join(', ')}.` : '.'),
    ...(i.incompleteRegions?.length ? [`<strong class="problem">CloudTrail incomplete for ${i.incompleteRegions.map((r) => htmlText(r, 40)).join(', ')}: no action is called unused in this report.</strong>`] : []),
    ...report.problems.map((p) => `<span class="problem">Problem: ${htmlText(p)}</span>`),
    ...(report.excludedRoles ?? []).map((x) => `Excluded by scope: ${code(x.roleArn)} (${htmlText(x.reason, 120)})`),
  ];
  return (
    `<header><h1>Least-privilege report: ECS task and execution roles</h1>` +
    `<p class="meta">Window ${htmlText(w.start, 40)} → ${htmlText(w.end, 40)}${w.days !== undefined ? ` (${plural(w.days, 'day')})` : ''} · generated ${htmlText(report.generatedAt, 40)}` +
    `${report.catalog.version ? ` · IAM catalog ${htmlText(report.catalog.version, 40)}` : ''}</p>` +
    `<ul class="cards">${cards.map(([n, label]) => `<li><strong>${n}</strong>${label}</li>`).join('')}</ul>` +
    `<ul class="notes">${notes.map((n) => `<li>${n}</li>`).join('')}</ul>${startHere(view)}</header>`
  );
}

/** The one sentence to read first: the riskiest role and why. */
function startHere({ roles }: ReportView): string {
  const top = roles[0];
  if (!top) return '<p class="start">No tracked role: nothing to report.</p>';
  const { role } = top;
  const pm = role.risk.unusedByAccessLevel['Permissions management'] ?? 0;
  const why = [
    ...(pm ? [`${plural(pm, 'unused permissions-management action')}`] : []),
    ...(role.wildcardGrants.length ? [plural(role.wildcardGrants.length, 'wildcard statement')] : []),
    `${plural(role.unused.length, 'unused permission')} in all`,
    ...(top.deniedCalls ? [plural(top.deniedCalls, 'denied call')] : []),
  ];
  return `<p class="start"><strong>Start with <a href="#${roleId(top.rank)}">${htmlText(role.roleName, 128)}</a></strong> (risk: ${top.risk}): ${why.join(', ')}.${role.suggestedPolicies.length ? ' Its suggested policy is ready to copy.' : ''}</p>`;
}

function filterForm(view: ReportView): string {
  const selects = FILTERS.map((f) => {
    const values = unique(view.roles.flatMap(f.valuesOf));
    const options = values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');
    return `<label>${f.label}<select name="${f.name}"><option value="">${f.any}</option>${options}</select></label>`;
  });
  // Hidden until the script runs: without it the filters could not work, and every role shows.
  return (
    `<form class="filters" id="filters" hidden aria-label="Filter roles">${selects.join('')}` +
    `<button type="reset">Show all</button><p id="filter-status" role="status" aria-live="polite">Showing all ${plural(view.roles.length, 'role')}.</p></form>`
  );
}

function overviewRow(r: RoleView): string {
  const { role } = r;
  const where = role.workloads.map(workloadLabel);
  return (
    `<tr ${filterAttributes(r)}>` +
    `<td class="n">${r.rank}</td>` +
    `<th scope="row"><a href="#${roleId(r.rank)}">${htmlText(role.roleName, 128)}</a></th>` +
    `<td>${htmlText(role.usedAs.join(' + '), 40) || 'named with --role'}</td>` +
    `<td>${where.length ? listOf(where, 2, (t) => htmlText(t, 120)) : '<span class="muted">none</span>'}</td>` +
    `<td>${riskBadge(r.risk)}</td>` +
    `<td>${stackedBar(roleSegments(r), { kind: 'share' }, 140)}</td>` +
    `<td class="n">${num(role.used.length)}</td><td class="n">${num(role.unused.length)}</td><td class="n">${num(role.notObservable.length)}</td>` +
    `<td class="n">${num(r.deniedCalls)}</td><td class="n">${num(role.wildcardGrants.length)}</td></tr>`
  );
}

/** The ranked list of roles with its filters. */
export function overviewSection(view: ReportView): string {
  const head = ['n:#', 'Role', 'Used as', 'Workloads', 'Risk', 'Its actions', 'n:Used', 'n:Unused', 'n:Not observable', 'n:Denied calls', 'n:Wildcards'];
  return (
    `<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Roles by risk</h2>` +
    `<p class="explain">Riskiest first: unused permissions-management actions, then wildcard grants, then unused write actions. The bar shows what each role's actions are made of.</p>` +
    filterForm(view) +
    legend(['used', 'unused', 'not-observable', 'denied'], { 'not-observable': 'CloudTrail could not have shown a call', denied: 'actions refused' }) +
    `<table id="roles-table" class="overview"><caption>${plural(view.roles.length, 'tracked role')}, riskiest first</caption><thead><tr>` +
    head.map((h) => `<th scope="col"${h.startsWith('n:') ? ' class="n"' : ''}>${h.replace(/^n:/, '')}</th>`).join('') +
    `</tr></thead><tbody>${view.roles.map(overviewRow).join('')}</tbody></table></section>`
  );
}
