/**
 * The evidence beyond the window in a role's HTML section: which IAM last-accessed report
 * its claims rest on and what it cannot be used for, the strongest claims (unused for ≥ N
 * days), what was used earlier, where CloudTrail and IAM disagree; and Access Analyzer's
 * verdict on the suggestion, which a failed check makes impossible to miss.
 */
import { htmlText } from '../escape.ts';
import {
  checkPhrase, claimPhrase, disagreementGroups, lastAccessedLimitations, lastAccessedOnlyPhrase, lastAccessedPhrase, strongestClaims, strongestDays,
} from '../evidence-view.ts';
import { levelCounts } from '../labels.ts';
import type { RoleReport } from '../schema.ts';
import type { RoleView } from '../view.ts';
import { action, code, day, listOf, num, table } from './markup.ts';

function strongestTable(role: RoleReport): string {
  const groups = strongestClaims(role);
  if (!groups.length) return '';
  const rows = groups.map((g) => [
    code(g.service, 60),
    num(g.actions.length),
    htmlText(claimPhrase(g), 120),
    levelCounts(g.byLevel),
    listOf(g.actions, 6, action),
    g.lastAccessedOnly.map((o) => htmlText(lastAccessedOnlyPhrase(o), 200)).join('<br>'),
  ]);
  return (
    `<h4>Unused for ≥ ${num(strongestDays(groups)!)} days</h4><p class="explain">Unused in the window, and IAM last-accessed data says not accessed over the span shown: the strongest claims.</p>` +
    table('Unused actions IAM last-accessed data also saw unused', ['Service', 'n:Actions', 'Claim', 'By access level', 'Actions', 'Rests on IAM alone'], rows)
  );
}

function usedEarlierTable(role: RoleReport): string {
  const list = role.lastAccessed?.usedEarlier ?? [];
  if (!list.length) return '';
  const rows = list.map((u) => [action(u.action), htmlText(u.accessLevel, 40), day(u.lastAccessed), htmlText(u.region ?? '', 40)]);
  return `<h4>Used earlier (${list.length})</h4><p class="explain">Not called in the window, but IAM last-accessed data says the role used them: never unused, kept in the suggestion.</p>` + table('Actions used before the window', ['Action', 'Access level', 'Last accessed', 'Region'], rows);
}

function disagreements(role: RoleReport): string {
  const list = role.lastAccessed?.disagreements ?? [];
  if (!list.length) return '';
  const groups = disagreementGroups(list).map((g) => `<p>${htmlText(g.heading, 400)}:</p><ul>${g.lines.map((l) => `<li>${action(l.action)}: ${htmlText(l.text, 200)}</li>`).join('')}</ul>`);
  return `<h4 class="problem">CloudTrail and IAM last accessed disagree (${list.length})</h4><p class="explain">CloudTrail wins: these stay used.</p>${groups.join('')}`;
}

/** The last-accessed part of a role's section (empty when the run read no last-accessed data). */
export function lastAccessedSection(view: RoleView): string {
  const la = view.role.lastAccessed;
  if (!la) return '';
  const limits = lastAccessedLimitations(la);
  return (
    `<p class="evidence"><strong>Last accessed:</strong> ${htmlText(lastAccessedPhrase(la), 400)}</p>` +
    (limits.length ? `<ul>${limits.map((l) => `<li class="problem">${htmlText(l, 400)}</li>`).join('')}</ul>` : '') +
    strongestTable(view.role) +
    usedEarlierTable(view.role) +
    disagreements(view.role)
  );
}

/** Access Analyzer's verdict on the suggestion, above it; a failure lists what AWS found. */
export function checkBanner(role: RoleReport): string {
  const check = role.suggestionCheck;
  if (!check) return '';
  const phrase = htmlText(checkPhrase(check), 600);
  if (check.status === 'verified') return `<p class="evidence">✅ ${phrase}</p>`;
  if (check.status === 'not-checked') return `<p class="explain">${phrase}</p>`;
  const findings = check.findings.slice(0, 10).map((f) => `<li>${htmlText(f, 300)}</li>`).join('');
  return `<p class="problem"><strong>⛔ ${phrase}</strong></p>${findings ? `<ul class="problem">${findings}</ul>` : ''}`;
}
