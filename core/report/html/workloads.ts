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
  // One row per workload (a page can hold many): its calls, refusals and the resources they named.
  const rows = active.map((w) => {
    const calls = (w.used ?? []).map((u) => `${action(u.action)} ${num(u.count)}`);
    const refused = (w.denied ?? []).map((d) => `✗ ${action(d.action)} ${num(d.count)} <span class="problem">(${htmlText(CAUSE_LABEL[d.cause], 80)})</span>`);
    const resources = [...new Set((w.used ?? []).flatMap((u) => u.resources))];
    const last = (w.used ?? []).reduce((l, u) => (u.lastSeen > l ? u.lastSeen : l), '');
    return [
      `${code(workloadEntryLabel(w), 160)}<br><span class="muted">${plural(w.tasks ?? 0, 'task')}</span>`,
      [...calls, ...refused].join('<br>'),
      last ? day(last) : '',
      resources.slice(0, 2).map((r) => code(r, 160)).join('<br>') + (resources.length > 2 ? ` and ${resources.length - 2} more` : ''),
    ];
  });
  return `<h4>By workload (${active.length})</h4>` + table('Calls by the workload whose tasks made them', ['Workload', 'Calls', 'Last seen', 'Resources'], rows);
}

function revisionList(view: RoleView): string {
  const drifting = driftingRevisions(view.role);
  if (!drifting.length) return '';
  const time = (s: string) => htmlText(s, 40);
  const items = drifting.map((r) => `<li>${revisionHeading(r, item, time)}<ul>${revisionPhrases(r, item, time).map((p) => `<li>${p}</li>`).join('')}</ul></li>`);
  return `<h4>Revisions</h4><p>What a task-definition revision did that the earlier ones in the window had not:</p><ul>${items.join('')}</ul>`;
}

/** A split role's policy per workload, after its own suggestion; nothing for a role that is not split. */
export function splitSection(view: RoleView): string {
  const { role } = view;
  if (!role.attribution?.split) return '';
  const blocks = role.workloads.flatMap((w) =>
    // Compact JSON (it parses to exactly the policy): a split role's policies are many.
    (w.suggestedPolicies ?? []).map((doc) => `<div class="policy"><p>${code(workloadEntryLabel(w), 160)}</p><pre tabindex="0"><code>${escapeHtml(displayJson(JSON.stringify(doc)))}</code></pre></div>`),
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
