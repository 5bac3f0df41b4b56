/**
 * The lines each renderer adds for a role's workloads (terminal text, Markdown, the e-mail
 * summary): what each workload's tasks called and were refused, what could not be placed,
 * the per-workload policies of a split role, and revision drift. The words are in
 * workload-view.ts; this lays them out and escapes what came from the input.
 */
import { compactJson } from './compact-json.ts';
import { code, displayJson, fencedJson, mdText, plain, terminalText as t } from './escape.ts';
import type { Emphasis } from './evidence-lines.ts';
import { CAUSE_LABEL, moreResources, plural } from './labels.ts';
import { omittedSentence, printedSuggestion } from './printed-suggestion.ts';
import type { PolicyJson, RoleReport, WorkloadEntry } from './schema.ts';
import {
  activeWorkloads, driftingRevisions, revisionHeading, revisionPhrases, showsWorkloads, singleWorkloadPhrase, splitHeading, unattributedPhrase, workloadEntryLabel,
} from './workload-view.ts';

const tt = (s: string) => t(s, 160);
const tday = (iso: string) => t(iso.slice(0, 10), 10);
const mday = (iso: string) => mdText(iso.slice(0, 10), 10);
const plain40 = (s: string) => plain(s, 40);
/** Actions listed per workload before "… and N more" in the terminal. */
const ACTIONS_LISTED = 8;

// ── terminal ──────────────────────────────────────────────────────────────────────────────

function textWorkload(w: WorkloadEntry): string[] {
  const head = `     ${tt(workloadEntryLabel(w))} · ${w.kind === 'standalone' ? 'standalone/scheduled tasks' : 'service'} · ${plural(w.tasks ?? 0, 'task')}`;
  const used = w.used ?? [];
  const width = Math.max(0, ...used.slice(0, ACTIONS_LISTED).map((u) => t(u.action, 128).length));
  const out = [head];
  for (const u of used.slice(0, ACTIONS_LISTED)) {
    const res = u.resources.length ? ` · ${t(u.resources[0]!, 90)}${moreResources(u.resources.length, u.resourcesTruncated)}` : '';
    out.push(`       ${t(u.action, 128).padEnd(width)}  ${plural(u.count, 'call').padStart(11)} · last ${tday(u.lastSeen)}${res}`);
  }
  if (used.length > ACTIONS_LISTED) out.push(`       … and ${used.length - ACTIONS_LISTED} more actions (the JSON report lists them)`);
  for (const d of w.denied ?? []) out.push(`       ✗ ${t(d.action, 128)}  ${plural(d.count, 'call')} denied · ${CAUSE_LABEL[d.cause]} · last ${tday(d.lastSeen)}`);
  return out;
}

/** The role's calls by workload, what could not be placed, and revision drift (after its used list). */
export function textWorkloadLines(role: RoleReport, e: Emphasis): string[] {
  const a = role.attribution;
  if (!a) return [];
  const out: string[] = [];
  const active = activeWorkloads(role);
  if (showsWorkloads(role) && active.length > 1) {
    out.push('', `   ${e.bold(`By workload (${active.length})`)}: the calls above, by the tasks that made them`);
    for (const w of active) out.push(...textWorkload(w));
  } else {
    const single = singleWorkloadPhrase(role, tt);
    if (single) out.push('', `   By workload: ${single}`);
  }
  const un = unattributedPhrase(a, (x) => t(x, 128));
  if (un) out.push(`   ${e.warn(un)}`);
  const drifting = driftingRevisions(role);
  if (drifting.length) {
    out.push('', `   ${e.bold('Revisions')}: what a task-definition revision did that the earlier ones in the window had not`);
    for (const r of drifting) {
      out.push(`     ${revisionHeading(r, tt, (x) => t(x, 40))}`);
      for (const p of revisionPhrases(r, (x) => t(x, 128), (x) => t(x, 40))) out.push(`       ${p}`);
    }
  }
  return out;
}

function textPolicy(doc: PolicyJson, e: Emphasis): string[] {
  return compactJson(doc, 110).split('\n').map((line) => `         ${e.dim(displayJson(line))}`);
}

/** A split role's per-workload policies, after its own suggestion (each within the print budget unless `verbose`). */
export function textSplitLines(role: RoleReport, e: Emphasis, verbose = false): string[] {
  if (!role.attribution?.split) return [];
  const out = ['', `   ${e.bold(splitHeading(role))}`];
  for (const w of role.workloads) {
    if (!w.suggestedPolicies) continue;
    out.push(`     ${tt(workloadEntryLabel(w))}:`);
    const printed = printedSuggestion(w.suggestedPolicies, verbose);
    for (const doc of printed.shown) out.push(...textPolicy(doc, e));
    if (printed.omitted) out.push(`         ${e.dim(omittedSentence(printed.omitted, 'see --verbose or --format json'))}`);
  }
  return out;
}

// ── Markdown ──────────────────────────────────────────────────────────────────────────────

/** The role's workloads as a table, what could not be placed, and revision drift. */
export function markdownWorkloadLines(role: RoleReport): string[] {
  const a = role.attribution;
  if (!a) return [];
  const out: string[] = [];
  const active = activeWorkloads(role);
  if (active.length > 1) {
    out.push('### By workload', '', '| Workload | Tasks | Action | Calls | Last seen | Resources |', '|---|---|---|---|---|---|');
    for (const w of active) {
      for (const u of w.used ?? []) {
        out.push(`| ${code(workloadEntryLabel(w), 160)} | ${w.tasks ?? 0} | ${code(u.action)} | ${u.count} | ${mday(u.lastSeen)} | ${u.resources.slice(0, 3).map((r) => code(r, 120)).join('<br>')}${u.resources.length > 3 || u.resourcesTruncated ? ' …' : ''} |`);
      }
      for (const d of w.denied ?? []) out.push(`| ${code(workloadEntryLabel(w), 160)} | ${w.tasks ?? 0} | ✗ ${code(d.action)} (${CAUSE_LABEL[d.cause]}) | ${d.count} | ${mday(d.lastSeen)} | |`);
    }
    out.push('');
  } else {
    const single = singleWorkloadPhrase(role, (x) => code(x, 160));
    if (single) out.push(`**By workload:** ${single}.`, '');
  }
  const un = unattributedPhrase(a, (x) => code(x, 128));
  if (un) out.push(`⚠️ ${un}.`, '');
  const drifting = driftingRevisions(role);
  if (drifting.length) {
    out.push('### Revisions', '');
    for (const r of drifting) for (const p of revisionPhrases(r, (x) => code(x, 128), (x) => mdText(x, 40))) out.push(`- ${p}`);
    out.push('');
  }
  return out;
}

/** A split role's per-workload policies, each in its own fence. */
export function markdownSplitLines(role: RoleReport): string[] {
  if (!role.attribution?.split) return [];
  const out = ['### Split this role', '', mdText(splitHeading(role), 600), ''];
  for (const w of role.workloads) {
    if (!w.suggestedPolicies) continue;
    out.push(`**${code(workloadEntryLabel(w), 160)}**`, '');
    const printed = printedSuggestion(w.suggestedPolicies);
    for (const doc of printed.shown) {
      out.push(...fencedJson(doc), '');
    }
    if (printed.omitted) out.push(`_${omittedSentence(printed.omitted, 'the JSON report (`--format json`) holds every document')}_`, '');
  }
  return out;
}

// ── e-mail ────────────────────────────────────────────────────────────────────────────────

/**
 * A role's workloads in a few lines of the weekly summary: which made calls, the split,
 * what is unattributed, and (when the summary has no drift section to carry it) revision drift.
 */
export function emailWorkloadLines(role: RoleReport, withRevisions: boolean): string[] {
  const a = role.attribution;
  if (!a) return [];
  const out: string[] = [];
  const active = activeWorkloads(role);
  if (active.length > 1) {
    const names = active.slice(0, 6).map((w) => `${plain(workloadEntryLabel(w), 160)} (${plural(w.used?.length ?? 0, 'action')})`);
    out.push(`   Workloads: ${names.join('; ')}${active.length > 6 ? `; +${active.length - 6} more` : ''}`);
  }
  if (a.split) out.push(`   Split this role: its workloads use different permissions; a policy for each of ${plural(role.workloads.filter((w) => w.suggestedPolicies).length, 'workload')} is in the archived report.`);
  const un = unattributedPhrase(a, (x) => plain(x, 128), 3);
  if (un) out.push(`   ${un}`);
  if (withRevisions) for (const r of driftingRevisions(role)) for (const p of revisionPhrases(r, (x) => plain(x, 128), plain40).slice(0, 4)) out.push(`   Revision: ${p}`);
  return out;
}
