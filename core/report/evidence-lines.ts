/**
 * The lines each renderer adds for the evidence beyond the window (IAM last-accessed data,
 * Access Analyzer verdicts): terminal text, Markdown and the e-mail summary. The words are
 * in evidence-view.ts; this only lays them out and escapes what came from the input.
 */
import { code, mdText, plain, terminalText } from './escape.ts';
import {
  checkPhrase, claimPhrase, disagreementGroups, lastAccessedLimitations, lastAccessedOnlyPhrase, lastAccessedPhrase, strongestClaims, strongestDays, type StrongClaimGroup,
} from './evidence-view.ts';
import { levelCounts, plural } from './labels.ts';
import type { Report, RoleReport } from './schema.ts';

/** How a renderer emphasises: the terminal paints, the others pass text through. */
export interface Emphasis {
  bold(s: string): string;
  dim(s: string): string;
  warn(s: string): string;
  bad(s: string): string;
}

const EXAMPLES = 4;
const examples = (g: StrongClaimGroup) => `${g.actions.slice(0, EXAMPLES).map((a) => terminalText(a, 128)).join(', ')}${g.actions.length > EXAMPLES ? ', …' : ''}`;

// ── terminal ──────────────────────────────────────────────────────────────────────────────

/** "Last accessed: IAM report of …" and its limitations, under the role's evidence sentence. */
export function textLastAccessedLines(role: RoleReport, e: Emphasis): string[] {
  const la = role.lastAccessed;
  if (!la) return [];
  return [`   Last accessed: ${terminalText(lastAccessedPhrase(la))}`, ...lastAccessedLimitations(la).map((l) => `     ${e.warn('!')} ${terminalText(l)}`)];
}

/** The strongest claims, first in the role's unused section. */
export function textStrongestLines(role: RoleReport, e: Emphasis): string[] {
  const groups = strongestClaims(role);
  if (!groups.length) return [];
  const total = groups.reduce((n, g) => n + g.actions.length, 0);
  const out = [`     ${e.bold(`Unused for ≥ ${strongestDays(groups)} days`)} (${plural(total, 'action')}): IAM last accessed says so too, the strongest claims`];
  for (const g of groups) {
    const only = g.lastAccessedOnly.map((o) => terminalText(lastAccessedOnlyPhrase(o)));
    out.push(`       ${terminalText(g.service, 40).padEnd(14)} ${String(g.actions.length).padStart(5)}  ${e.dim(`${terminalText(claimPhrase(g))} (${levelCounts(g.byLevel)})`)}  e.g. ${examples(g)}`);
    for (const o of only.slice(0, EXAMPLES)) out.push(`         ${e.dim(`rests on IAM alone: ${o}`)}`);
  }
  return out;
}

/** Used earlier (kept) and the disagreements (CloudTrail wins). */
export function textLastAccessedFindings(role: RoleReport, e: Emphasis): string[] {
  const la = role.lastAccessed;
  if (!la) return [];
  const out: string[] = [];
  if (la.usedEarlier.length) {
    out.push('', `   ${e.bold(`Used earlier (${la.usedEarlier.length})`)}: not called in the window, but IAM last accessed says the role used them; kept in the suggestion`);
    for (const u of la.usedEarlier) out.push(`     ${terminalText(u.action, 128)}  last accessed ${terminalText(u.lastAccessed.slice(0, 10))}${u.region ? ` (${terminalText(u.region, 30)})` : ''}`);
  }
  if (la.disagreements.length) {
    out.push('', `   ${e.bold(e.warn(`CloudTrail and IAM last accessed disagree (${la.disagreements.length})`))}: CloudTrail wins, these stay used`);
    for (const g of disagreementGroups(la.disagreements)) {
      out.push(`     ${terminalText(g.heading)}:`);
      const actions = g.lines.map((l) => terminalText(l.action, 128));
      const width = Math.max(...actions.map((a) => a.length));
      g.lines.forEach((l, k) => out.push(`       ${actions[k]!.padEnd(width)}  ${terminalText(l.text, 400)}`));
    }
  }
  return out;
}

/** The suggested policy's heading with Access Analyzer's verdict, then what a failed check found; a failure is never presented as safe. */
export function textSuggestionHeading(role: RoleReport, e: Emphasis, heading: string): string[] {
  const check = role.suggestionCheck;
  if (!check) return [`   ${heading}:`];
  const phrase = terminalText(checkPhrase(check), 400);
  if (check.status !== 'failed') return [`   ${heading} (${phrase}):`];
  return [`   ${e.bad(`${heading} ✗ ${phrase}`)}:`, ...check.findings.slice(0, 10).map((f) => `     ${e.bad('✗')} ${terminalText(f, 300)}`)];
}

// ── Markdown ──────────────────────────────────────────────────────────────────────────────

/** "**Last accessed:** …" and its limitations. */
export function markdownLastAccessedLines(role: RoleReport): string[] {
  const la = role.lastAccessed;
  if (!la) return [];
  return [`**Last accessed:** ${mdText(lastAccessedPhrase(la), 400)}`, '', ...lastAccessedLimitations(la).map((l) => `- ⚠️ ${mdText(l, 400)}`), ...(lastAccessedLimitations(la).length ? [''] : [])];
}

/** The strongest claims, as a table at the top of the unused section. */
export function markdownStrongestLines(role: RoleReport): string[] {
  const groups = strongestClaims(role);
  if (!groups.length) return [];
  const out = [`**Unused for ≥ ${strongestDays(groups)} days** (IAM last accessed confirms it; the strongest claims):`, '', '| Service | Unused | Claim | Examples | Rests on IAM alone |', '|---|---|---|---|---|'];
  for (const g of groups) {
    out.push(`| ${code(g.service)} | ${g.actions.length} | ${mdText(claimPhrase(g))} | ${g.actions.slice(0, EXAMPLES).map((a) => code(a)).join(', ')} | ${g.lastAccessedOnly.map((o) => mdText(lastAccessedOnlyPhrase(o))).join('<br>')} |`);
  }
  out.push('');
  return out;
}

/** Used earlier and the disagreements, as tables. */
export function markdownLastAccessedFindings(role: RoleReport): string[] {
  const la = role.lastAccessed;
  if (!la) return [];
  const out: string[] = [];
  if (la.usedEarlier.length) {
    out.push(`### Used earlier (${la.usedEarlier.length})`, '', 'Not called in the window; IAM last accessed says the role used them. Kept in the suggestion.', '', '| Action | Last accessed | Region |', '|---|---|---|');
    for (const u of la.usedEarlier) out.push(`| ${code(u.action)} | ${mdText(u.lastAccessed, 40)} | ${mdText(u.region ?? '', 40)} |`);
    out.push('');
  }
  if (la.disagreements.length) {
    out.push(`### CloudTrail and IAM last accessed disagree (${la.disagreements.length})`, '', 'CloudTrail wins: these stay used.', '');
    for (const g of disagreementGroups(la.disagreements)) {
      out.push(`${mdText(g.heading, 400)}:`, '', ...g.lines.map((l) => `- ${code(l.action)}: ${mdText(l.text)}`), '');
    }
  }
  return out;
}

/** The lines under "### Suggested policy" with Access Analyzer's verdict (and what a failed check found). */
export function markdownCheckLines(role: RoleReport): string[] {
  const check = role.suggestionCheck;
  if (!check) return [];
  const phrase = mdText(checkPhrase(check), 600);
  if (check.status === 'verified') return [`✅ ${phrase}`, ''];
  if (check.status === 'not-checked') return [`ℹ️ ${phrase}`, ''];
  return [`⛔ **${phrase}**`, '', ...check.findings.slice(0, 10).map((f) => `- ${mdText(f, 300)}`), ...(check.findings.length ? [''] : [])];
}

// ── e-mail ────────────────────────────────────────────────────────────────────────────────

/** The e-mail's lead: each role's strongest claims, riskiest role first, at most `max` lines. */
export function emailStrongestLines(report: Report, max = 12): string[] {
  const lines: string[] = [];
  for (const role of report.roles) {
    const groups = strongestClaims(role);
    if (!groups.length) continue;
    const parts = groups.slice(0, 3).map((g) => `${plain(g.service, 40)} ${g.actions.length} (${g.level === 'service' ? 'service not accessed' : 'actions not accessed'}; e.g. ${g.actions.slice(0, 2).map((a) => plain(a, 128)).join(', ')})`);
    lines.push(`  ${plain(role.roleName, 128)}: unused for ≥ ${strongestDays(groups)} days: ${parts.join('; ')}${groups.length > 3 ? '; …' : ''}`);
  }
  if (!lines.length) return [];
  return ['Strongest claims (unused in the window and, per IAM last accessed, for much longer):', ...lines.slice(0, max), ...(lines.length > max ? [`  … and ${lines.length - max} more roles`] : []), ''];
}

/** A role's last-accessed lines in the e-mail: its strongest claim first, then what else the data changed. */
export function emailRoleLines(role: RoleReport): string[] {
  const la = role.lastAccessed;
  const out: string[] = [];
  const groups = strongestClaims(role);
  if (groups.length) out.push(`   Unused for ≥ ${strongestDays(groups)} days (IAM last accessed): ${groups.map((g) => `${plain(g.service, 40)} ${g.actions.length}`).join(', ')}`);
  if (la?.usedEarlier.length) out.push(`   Used earlier (IAM last accessed, kept): ${la.usedEarlier.slice(0, 5).map((u) => `${plain(u.action, 128)} ${plain(u.lastAccessed.slice(0, 10))}`).join(', ')}`);
  if (la?.disagreements.length) out.push(`   CloudTrail and IAM last accessed disagree on ${plural(la.disagreements.length, 'action')}; CloudTrail wins (see the archived report)`);
  return out;
}

/** The line under a role's suggestion line in the e-mail: Access Analyzer's verdict ("Suggestion verified by …", "Suggestion FAILED …"). */
export function emailCheckLines(role: RoleReport): string[] {
  const check = role.suggestionCheck;
  return check ? [`   Suggestion ${plain(checkPhrase(check), 400)}`] : [];
}

/** " · FAILED the IAM Access Analyzer check …" for the heading of a suggestion carried in the e-mail. */
export function emailCheckSuffix(role: RoleReport): string {
  const check = role.suggestionCheck;
  if (!check) return '';
  return check.status === 'verified' ? ' · verified by IAM Access Analyzer' : ` · ${plain(checkPhrase(check), 300)}`;
}
