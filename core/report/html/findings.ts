/**
 * A role's findings as HTML: what it used, what it holds and never used (by service,
 * riskiest first, with the statements that grant it), what CloudTrail could not show (each
 * reason explained where it is used), what it was refused and why.
 */
import { ACCESS_LEVELS } from '../../analyze/access-level.ts';
import type { AccessLevel, NotObservableReason } from '../../model.ts';
import { htmlText } from '../escape.ts';
import { CAUSE_LABEL, LEVEL_SHORT, REASON_LABEL, levelCounts, plural } from '../labels.ts';
import type { NotObservableEntry, UnusedEntry } from '../schema.ts';
import type { RoleView } from '../view.ts';
import { action, code, day, listOf, num, table } from './markup.ts';

/** Unused actions listed by name per role; past it, counted (the JSON report has them all). */
const MAX_LISTED_UNUSED = 300;
/** Services given a row of their own in the unused table; the rest share one (a `*` grant reaches hundreds). */
const MAX_UNUSED_SERVICES = 25;
/** Not-observable actions listed by name per reason. */
const MAX_LISTED_NOT_OBSERVABLE = 60;

/** Why each reason makes absence prove nothing, said where the reason is shown. */
const REASON_EXPLAINED: Record<NotObservableReason, string> = {
  'permission-only': 'no API call carries this permission, so CloudTrail never shows it',
  'not-logged': 'CloudTrail does not record these calls, or the input holds no management events of their kind',
  'no-data-events': 'data-plane calls appear only in data events, and the input holds none of this kind for this service',
  'incomplete-input': 'some CloudTrail input could not be read, so absence proves nothing',
  'no-operation-data': 'the mapping data knows no API call of this service, so whether a call would show is not known',
  'global-service': 'this service records its calls in us-east-1, whose CloudTrail is not in the input',
  'unmapped-calls': 'the role made calls of this service that map to no known action; one may have needed it',
  'possible-use': 'some calls may have needed it, and their records cannot show whether',
  'role-recreated': 'the role was deleted and recreated; the older events were another role\'s',
  'ecs-execution-minimum': 'ECS documents it for every task\'s image pull and logs (AmazonECSTaskExecutionRolePolicy): a week without the call does not show the next task can do without it',
};

/** The used actions. */
export function usedTable({ role }: RoleView): string {
  if (!role.used.length) return '<h4>Used (0)</h4><p>No call in the window.</p>';
  const rows = role.used.map((u) => {
    const more = u.resources.length > 3 || u.resourcesTruncated ? ` and more${u.resourcesTruncated ? ' (sample)' : ''}` : '';
    const notes = [
      ...(u.invokedBy?.length ? [`via ${u.invokedBy.map((b) => htmlText(b, 80)).join(', ')}`] : []),
      ...(u.granted ? [] : ['<strong>not granted by its identity policies</strong>']),
    ];
    return [
      action(u.action),
      htmlText(u.accessLevel, 40),
      num(u.count),
      num(u.sessions),
      day(u.lastSeen),
      (u.resources.slice(0, 3).map((r) => code(r, 160)).join('<br>') || '<span class="muted">none recorded</span>') + more,
      notes.join('; '),
    ];
  });
  return `<h4>Used (${role.used.length})</h4>` + table('Actions the role called successfully in the window', ['Action', 'Access level', 'n:Calls', 'n:Sessions', 'Last seen', 'Resources', 'Notes'], rows);
}

function byLevel(entries: readonly UnusedEntry[]): Map<AccessLevel, string[]> {
  const m = new Map<AccessLevel, string[]>();
  for (const e of entries) {
    const list = m.get(e.accessLevel);
    if (list) list.push(e.action);
    else m.set(e.accessLevel, [e.action]);
  }
  return m;
}

/** The unused actions by service, riskiest service and level first, each service with the statements that grant them. */
export function unusedTable(view: RoleView): string {
  const { role } = view;
  const head = `<h4>Unused (${role.unused.length})${role.unused.length ? `: ${view.unusedLevels}` : ''}</h4>`;
  const claim = '<p class="explain">Granted, observable in this input, and never called in the window: the evidence above is what each claim rests on. Riskiest services and levels first.</p>';
  if (!role.unused.length) return head + claim;
  let budget = MAX_LISTED_UNUSED;
  const shown = view.unusedServices.slice(0, MAX_UNUSED_SERVICES);
  const byService = new Map<string, UnusedEntry[]>();
  for (const u of role.unused) {
    const service = u.action.slice(0, u.action.indexOf(':'));
    const list = byService.get(service);
    if (list) list.push(u);
    else byService.set(service, [u]);
  }
  const rows = shown.map((s) => {
    const entries = byService.get(s.service) ?? [];
    const levels = byLevel(entries);
    const lists = ACCESS_LEVELS.filter((l) => levels.has(l)).map((l) => {
      const names = levels.get(l)!;
      const shown = names.slice(0, Math.max(0, budget));
      budget -= shown.length;
      const rest = names.length - shown.length;
      return `<span class="lvl">${LEVEL_SHORT[l]}:</span> ${shown.map((a) => htmlText(a, 120)).join(', ')}${rest ? `${shown.length ? ',' : ''} <span class="muted">${num(rest)} more in the JSON report</span>` : ''}`;
    });
    const examples = `${s.examples.map(action).join(', ')}${s.total > s.examples.length ? ', …' : ''}`;
    const all = s.total > s.examples.length ? `<details><summary>All ${num(s.total)}, by access level</summary><div class="actions">${lists.join('<br>')}</div></details>` : '';
    const statements = [...new Set(entries.flatMap((e) => e.grantedBy))];
    const wildcard = entries.some((e) => e.viaWildcard);
    return [
      code(s.service, 60),
      num(s.total),
      levelCounts(s.byLevel),
      `${examples}${all}`,
      `${listOf(statements, 3, (t) => code(t, 160))}${wildcard ? ' <span class="muted">(through a wildcard)</span>' : ''}`,
    ];
  });
  const rest = view.unusedServices.slice(MAX_UNUSED_SERVICES);
  if (rest.length) {
    const levels: Partial<Record<AccessLevel, number>> = {};
    for (const s of rest) for (const [l, k] of Object.entries(s.byLevel) as [AccessLevel, number][]) levels[l] = (levels[l] ?? 0) + k;
    rows.push([`${num(rest.length)} more services`, num(rest.reduce((n, s) => n + s.total, 0)), levelCounts(levels), '<span class="muted">listed in the JSON report</span>', '']);
  }
  return head + claim + table('Unused actions by service, riskiest first', ['Service', 'n:Unused', 'By access level', 'Riskiest actions', 'Granted by'], rows, 'unused');
}

function groupByReason(entries: readonly NotObservableEntry[]): Map<NotObservableReason, NotObservableEntry[]> {
  const m = new Map<NotObservableReason, NotObservableEntry[]>();
  for (const e of entries) {
    const list = m.get(e.reason);
    if (list) list.push(e);
    else m.set(e.reason, [e]);
  }
  return m;
}

/** Actions listed with their details, a detail several actions share said once after them. */
function sharedDetails(entries: readonly NotObservableEntry[]): string {
  const byDetail = new Map<string, string[]>();
  for (const e of entries) {
    const list = byDetail.get(e.detail ?? '');
    if (list) list.push(action(e.action));
    else byDetail.set(e.detail ?? '', [action(e.action)]);
  }
  return [...byDetail]
    .map(([detail, actions]) => `${actions.join(', ')}${detail ? ` <span class="muted">(${htmlText(detail, 160)})</span>` : ''}`)
    .join('; ');
}

/** The not-observable actions by reason, each reason explained. */
export function notObservableTable({ role, notObservableByReason }: RoleView): string {
  const head = `<h4>Not observable (${role.notObservable.length})</h4>`;
  if (!role.notObservable.length) return head;
  const groups = groupByReason(role.notObservable);
  const rows = notObservableByReason.map(([reason, count]) => {
    const entries = groups.get(reason) ?? [];
    const shown = entries.slice(0, MAX_LISTED_NOT_OBSERVABLE);
    const rest = entries.length - shown.length;
    return [`${REASON_LABEL[reason]}<br><span class="explain">${REASON_EXPLAINED[reason]}</span>`, num(count), sharedDetails(shown) + (rest ? ` and ${num(rest)} more` : '')];
  });
  return (
    head +
    `<p class="explain">Granted and not seen, but CloudTrail in this input could not have shown a call: absence proves nothing. They stay in the suggested policy.</p>` +
    table('Not-observable actions by reason', ['Reason', 'n:Actions', 'Actions'], rows)
  );
}

/** The denied calls with their causes, and what could be added. */
export function deniedTable({ role, deniedCalls }: RoleView): string {
  if (!role.denied.length) return '';
  const rows = role.denied.map((d) => [
    action(d.action),
    num(d.count),
    action(d.errorCode),
    `${CAUSE_LABEL[d.cause]} <span class="muted">(${htmlText(d.cause, 40)})</span>`,
    `${day(d.firstSeen)} to ${day(d.lastSeen)}`,
    d.resources.slice(0, 3).map((r) => code(r, 160)).join('<br>') + (d.resources.length > 3 ? ` and ${num(d.resources.length - 3)} more` : ''),
    d.message ? htmlText(d.message, 400) : '',
  ]);
  const consider = role.consider.length
    ? `<h4>Consider adding</h4><p class="explain">Denied for want of an identity-policy allow. Listed, never merged into the suggestion.</p><ul>` +
      role.consider.map((k) => `<li>${code(k.action, 120)}${k.resources.length ? ` on ${listOf(k.resources, 5, (r) => code(r, 160))}` : ''}</li>`).join('') +
      '</ul>'
    : '';
  return (
    `<h4>Denied (${plural(deniedCalls, 'call')})</h4><p class="explain">Calls refused with an access-denied error; they never count as use. The cause is read from the error message.</p>` +
    table('Denied calls and why', ['Action', 'n:Calls', 'Error', 'Cause', 'Seen', 'Resources', 'msg:Message'], rows) +
    consider
  );
}

/** Events that map to no catalog action. */
export function unmappedList({ role }: RoleView): string {
  if (!role.unmapped.length) return '';
  const items = role.unmapped.map((u) => `<li>${code(u.eventSource, 80)} ${code(u.eventName, 80)} × ${num(u.count)}</li>`);
  return `<h4>Unmapped events</h4><p class="explain">Events whose name maps to no action in the IAM catalog.</p><ul>${items.join('')}</ul>`;
}
