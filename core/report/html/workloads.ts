/**
 * A role's workloads as HTML (with task facts only): what each workload's tasks called and
 * were refused, what could not be placed in a workload, what each task-definition revision
 * started or stopped doing, and, for a split role, a policy per workload. The words are
 * those of workload-view.ts; everything from the input is escaped here.
 */
import { compactJson } from '../compact-json.ts';
import { displayJson, escapeHtml, htmlText } from '../escape.ts';
import { CAUSE_LABEL, plural } from '../labels.ts';
import type { RoleView } from '../view.ts';
import { activeWorkloads, driftingRevisions, revisionHeading, revisionPhrases, singleWorkloadPhrase, splitHeading, unattributedPhrase, workloadEntryLabel } from '../workload-view.ts';
import { action, code, day, num, table } from './markup.ts';

const item = (text: string) => code(text, 160);

function byWorkloadTable(view: RoleView): string {
  const active = activeWorkloads(view.role);
  if (active.length < 2) {
    const single = singleWorkloadPhrase(view.role, item);
    return single ? `<p>By workload: ${single}.</p>` : '';
  }
  const rows: string[][] = [];
  for (const w of active) {
    const label = `${code(workloadEntryLabel(w), 160)}<br><span class="muted">${plural(w.tasks ?? 0, 'task')}</span>`;
    for (const u of w.used ?? []) rows.push([label, action(u.action), num(u.count), day(u.lastSeen), u.resources.slice(0, 3).map((r) => code(r, 160)).join('<br>') + (u.resources.length > 3 || u.resourcesTruncated ? ' and more' : '')]);
    for (const d of w.denied ?? []) rows.push([label, `✗ ${action(d.action)} <span class="problem">denied: ${htmlText(CAUSE_LABEL[d.cause], 80)}</span>`, num(d.count), day(d.lastSeen), '']);
  }
  return `<h4>By workload (${active.length})</h4>` + table('The role\'s calls by the workload whose tasks made them', ['Workload', 'Action', 'n:Calls', 'Last seen', 'Resources'], rows);
}

function revisionList(view: RoleView): string {
  const drifting = driftingRevisions(view.role);
  if (!drifting.length) return '';
  const items = drifting.map((r) => `<li>${revisionHeading(r, item)}<ul>${revisionPhrases(r, item).map((p) => `<li>${p}</li>`).join('')}</ul></li>`);
  return `<h4>Revisions</h4><p>What a task-definition revision did that the earlier ones in the window had not:</p><ul>${items.join('')}</ul>`;
}

/** A split role's policy per workload, after its own suggestion; nothing for a role that is not split. */
export function splitSection(view: RoleView): string {
  const { role } = view;
  if (!role.attribution?.split) return '';
  const blocks = role.workloads.flatMap((w) =>
    (w.suggestedPolicies ?? []).map((doc) => `<div class="policy"><p>${code(workloadEntryLabel(w), 160)}</p><pre tabindex="0"><code>${escapeHtml(displayJson(compactJson(doc, 100)))}</code></pre></div>`),
  );
  return `<h4>Split this role</h4><p>${htmlText(splitHeading(role), 400)}</p>${blocks.join('')}`;
}

/** The section, or nothing when the run had no task facts. */
export function workloadsSection(view: RoleView): string {
  const a = view.role.attribution;
  if (!a) return '';
  const un = unattributedPhrase(a, item);
  return byWorkloadTable(view) + (un ? `<p class="problem">${un}.</p>` : '') + revisionList(view);
}
