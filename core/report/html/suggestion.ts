/**
 * A role's suggested policy as HTML: what applying it changes, each document in a block
 * with a copy button, and the difference from today's grant service by service. The
 * policy is shown as JSON that parses to exactly the suggested document (`displayJson`
 * writes any bidi or separator character in an observed ARN as an escape), so what is
 * copied is what was suggested.
 */
import { compactJson } from '../compact-json.ts';
import { displayJson, escapeHtml, htmlText } from '../escape.ts';
import { REASON_LABEL, levelCounts, plural } from '../labels.ts';
import type { AccessLevel } from '../../model.ts';
import { grantBreakdownByService, suggestionEffect, type RoleView } from '../view.ts';
import { checkBanner } from './evidence.ts';
import { num, roleId } from './markup.ts';

/** Diff lines shown per role; past it, counted (the JSON report has every action). */
const MAX_DIFF_LINES = 400;
/** Services from which nothing is kept that get a hunk of their own; the rest share one line. */
const MAX_REMOVED_ONLY_HUNKS = 25;

/** "Applying it removes 250 unused actions and keeps 6 used and 6 not observable." */
function effectSentence(view: RoleView): string {
  const e = suggestionEffect(view.role);
  return (
    `Applying it removes ${plural(e.removes, 'unused action')} and keeps ${num(e.keepsUsed)} used` +
    `${e.keepsNotObservable ? ` and ${num(e.keepsNotObservable)} not observable (in their own <code>KeepNotObservable…</code> statements)` : ''}.`
  );
}

function policyBlock(view: RoleView, doc: RoleView['role']['suggestedPolicies'][number], index: number): string {
  const id = `policy-${view.rank}-${index}`;
  const docs = view.role.suggestedPolicies.length;
  const chars = JSON.stringify(doc).length;
  return (
    `<div class="policy"><div class="bar-row"><span class="muted">${docs > 1 ? `Document ${index + 1} of ${docs} · ` : ''}${plural(doc.Statement.length, 'statement')} · ${num(chars)} of IAM's 6,144 characters</span>` +
    `<button type="button" class="copy" data-copy="${id}" hidden>Copy policy${docs > 1 ? ` ${index + 1}` : ''}</button><span class="copy-status" role="status" aria-live="polite"></span></div>` +
    `<pre id="${id}" tabindex="0" aria-label="Suggested policy${docs > 1 ? ` document ${index + 1}` : ''} for ${htmlText(view.role.roleName, 128)}"><code>${escapeHtml(displayJson(compactJson(doc, 100)))}</code></pre></div>`
  );
}

/** The diff of today's grant and the suggestion, one hunk per service, most granted first. */
export function diffLines(view: RoleView): string[] {
  const { role } = view;
  const inSuggestion = new Set(role.suggestedPolicies.flatMap((d) => d.Statement.flatMap((s) => (s.Effect === 'Allow' ? s.Action : []))));
  const unusedLevels = new Map<string, Partial<Record<AccessLevel, number>>>();
  for (const u of role.unused) {
    const service = u.action.slice(0, u.action.indexOf(':'));
    const levels = unusedLevels.get(service) ?? {};
    levels[u.accessLevel] = (levels[u.accessLevel] ?? 0) + 1;
    unusedLevels.set(service, levels);
  }
  const out: string[] = [];
  const folded = { services: 0, removed: 0 };
  let removedOnly = 0;
  for (const s of grantBreakdownByService(role)) {
    const prefix = `${s.key}:`;
    const earlier = (role.lastAccessed?.usedEarlier ?? []).filter((u) => u.action.startsWith(prefix)).length;
    const kept = role.used.filter((u) => u.granted && u.action.startsWith(prefix) && inSuggestion.has(u.action)).length + earlier + s.notObservable;
    if (kept === 0 && s.used === 0 && ++removedOnly > MAX_REMOVED_ONLY_HUNKS) {
      folded.services++;
      folded.removed += s.unused;
      continue;
    }
    out.push(`<span class="hunk">@@ ${htmlText(s.key, 60)}: ${num(s.granted)} granted today → ${num(kept)} in the suggestion</span>`);
    if (s.unused) out.push(`<span class="del">- ${plural(s.unused, 'unused action')} removed (${levelCounts(unusedLevels.get(s.key) ?? {})}; listed under Unused)</span>`);
    for (const u of role.used) {
      if (!u.granted || !u.action.startsWith(prefix)) continue;
      const note = inSuggestion.has(u.action) ? 'used' : 'used, needs no permission: not in the suggestion';
      out.push(`<span class="keep">  ${htmlText(u.action, 120).padEnd(44)} ${note}</span>`);
    }
    for (const u of role.lastAccessed?.usedEarlier ?? []) {
      if (u.action.startsWith(prefix)) out.push(`<span class="keep">  ${htmlText(u.action, 120).padEnd(44)} used earlier: IAM last accessed ${htmlText(u.lastAccessed.slice(0, 10), 10)}</span>`);
    }
    for (const n of role.notObservable) {
      if (n.action.startsWith(prefix)) out.push(`<span class="keep">  ${htmlText(n.action, 120).padEnd(44)} not observable: ${REASON_LABEL[n.reason]}</span>`);
    }
  }
  if (folded.services) {
    out.push(`<span class="hunk">@@ ${plural(folded.services, 'more service')} from which nothing is kept</span>`, `<span class="del">- ${plural(folded.removed, 'unused action')} removed</span>`);
  }
  if (role.wildcardGrants.length) {
    out.push('<span class="hunk">@@ wildcard statements today; the suggestion names every action</span>');
    for (const [i, w] of role.wildcardGrants.entries()) {
      out.push(`<span class="del">- ${htmlText(view.wildcardLabels[i]!, 200)} on ${htmlText(w.resources.join(', '), 200)}</span>`);
    }
  }
  return out;
}

/** The suggested policy section of a role (empty when there is none). */
export function suggestionSection(view: RoleView): string {
  const { role } = view;
  if (role.grantsStatus === 'unknown') return '<h4>Suggested policy</h4><p>None: the role\'s grants could not be read.</p>';
  if (!role.suggestedPolicies.length) {
    return `<h4>Suggested policy</h4><p>None: the role used no action that needs a permission, and nothing it holds is unobservable. ${effectSentence(view)}</p>`;
  }
  const lines = diffLines(view);
  const shown = lines.slice(0, MAX_DIFF_LINES);
  const more = lines.length > shown.length ? `\n<span class="muted">… ${num(lines.length - shown.length)} more lines: see the JSON report</span>` : '';
  return (
    `<h4>Suggested policy</h4>${checkBanner(role)}<p>Exactly the used actions the role holds today, resources narrowed to what was observed where provable, never broader than today's grant. ${effectSentence(view)}` +
    `${role.suggestedPolicies.length > 1 ? ` Split into ${role.suggestedPolicies.length} documents, each within IAM's 6,144-character limit.` : ''}</p>` +
    role.suggestedPolicies.map((doc, i) => policyBlock(view, doc, i)).join('') +
    `<details id="${roleId(view.rank)}-diff"><summary>Today's grant → the suggestion, by service</summary><pre class="diff">${shown.join('\n')}${more}</pre></details>`
  );
}
