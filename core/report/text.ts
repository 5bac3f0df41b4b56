/**
 * The terminal report: per role, riskiest first, what it may do and does not, what it was
 * refused, and what to grant instead. Every string of the report passes through
 * `terminalText` (`t`) so a crafted record cannot move the cursor, recolour the terminal or
 * reorder a line, with or without colour; suggested policies through `displayJson`, never
 * cut, so what is printed stays valid JSON.
 *
 * `textReportLines` yields the report a line at a time (a report of 200 roles granted `*`
 * runs to millions of lines with `--verbose`); `renderText` joins them.
 */
import { compactJson } from './compact-json.ts';
import { displayJson, terminalText as t } from './escape.ts';
import { textLastAccessedFindings, textLastAccessedLines, textStrongestLines, textSuggestionHeading, type Emphasis } from './evidence-lines.ts';
import { DATA_EVENT_ASSUMPTION, REASON_LABEL, causeLabel, holdsDataEvents, levelCounts, moreResources, noteVerb, plural } from './labels.ts';
import type { Report } from './schema.ts';
import { unusedDigest, wrapList, type ServiceDigest } from './unused-digest.ts';
import { omittedSentence, printedSuggestion } from './printed-suggestion.ts';
import { textSplitLines, textWorkloadLines } from './workload-lines.ts';
import { workloadEntryLabel } from './workload-view.ts';
import { reportView, type ReportView, type RoleView } from './view.ts';

export interface TextOptions {
  /** ANSI colour. Default false (the CLI turns it on for terminals). */
  color?: boolean;
  /** Show every unused action instead of the per-service summary. Default false. */
  verbose?: boolean;
}

type Paint = ReturnType<typeof paint>;

function paint(on: boolean) {
  const wrap = (code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { bold: wrap('1'), dim: wrap('2'), red: wrap('31'), yellow: wrap('33'), green: wrap('32'), cyan: wrap('36') };
}

const emphasis = (c: Paint): Emphasis => ({ bold: c.bold, dim: c.dim, warn: c.yellow, bad: (s) => c.bold(c.red(s)) });

const n = (x: number) => x.toLocaleString('en-US');
const day = (iso: string | undefined) => (iso ? t(iso.slice(0, 10)) : '?');
/** A list of input strings, each escaped and capped. */
const list = (xs: readonly string[], max = 80) => xs.map((x) => t(x, max)).join(', ');

/** The whole report as terminal text, one line at a time (without line ends). */
export function* textReportLines(report: Report, options: TextOptions = {}): Generator<string> {
  const c = paint(options.color ?? false);
  const view = reportView(report);
  yield* headerLines(view, c);
  for (const role of view.roles) {
    yield '';
    yield* roleLines(role, c, options);
  }
  yield '';
  yield c.dim(
    'Unused: granted, observable in this input, never called in the window. Not observable: CloudTrail could not have shown a call,\n' +
      'so absence proves nothing; these stay in the suggestion. Denied calls never count as use.',
  );
  if (holdsDataEvents(report)) yield c.dim(DATA_EVENT_ASSUMPTION);
  if (report.roles.some((r) => r.lastAccessed)) {
    yield c.dim('Unused for ≥ N days: IAM last accessed also says not accessed over that span. Used earlier: IAM says the role used it before; kept.');
  }
}

/** Render the whole report as terminal text. */
export function renderText(report: Report, options: TextOptions = {}): string {
  return [...textReportLines(report, options)].join('\n') + '\n';
}

function headerLines(view: ReportView, c: Paint): string[] {
  const { report, window: w, totals, skipped } = view;
  const i = report.input;
  const out: string[] = [];
  out.push(c.bold('policy-drift · least-privilege report for ECS task and execution roles'));
  out.push(`Window   ${t(w.start, 40)} → ${t(w.end, 40)}${w.days !== undefined ? `  (${plural(w.days, 'day')})` : ''}`);
  out.push(
    `Input    ${plural(i.records, 'CloudTrail record')} · ${n(i.attributed)} by tracked roles · ${n(i.notTracked)} by other principals` +
      (i.outsideWindow ? ` · ${n(i.outsideWindow)} outside the window` : '') +
      ` · ${n(skipped.total)} skipped` +
      (skipped.byReason.length ? ` (${skipped.byReason.map(([k, v]) => `${t(k, 80)}: ${n(v)}`).join(', ')})` : ''),
  );
  out.push(
    `         data events present for: ${i.dataEventServices.length ? list(i.dataEventServices) : 'none (data-plane actions are "not observable")'}` +
      (i.regions.length ? ` · regions: ${list(i.regions)}` : ''),
  );
  if (i.incompleteRegions?.length) {
    out.push(c.yellow(`Incomplete CloudTrail for ${list(i.incompleteRegions)}: no action is called unused in this report.`));
  }
  if (i.files) {
    const fs = Object.entries(i.files.skipped);
    out.push(
      `Files    ${n(i.files.read)} files read` +
        (fs.length ? ` · skipped: ${fs.map(([k, v]) => `${t(k, 80)}: ${v}`).join(', ')}` : '') +
        (i.files.ignored ? ` · ${plural(i.files.ignored, 'file')} ignored (not .json/.jsonl/.ndjson/.log data)` : ''),
    );
  }
  out.push(
    `Roles    ${plural(totals.roles, 'tracked role')} · ${plural(totals.unused, 'unused permission')} · ${plural(totals.deniedCalls, 'denied call')}` +
      ` · ${plural(totals.wildcardRoles, 'role')} with wildcard grants` +
      (totals.unknownGrants ? ` · ${c.yellow(`${totals.unknownGrants} with incomplete grants`)}` : ''),
  );
  for (const p of report.problems) out.push(c.yellow(`Problem  ${t(p)}`));
  for (const x of report.excludedRoles ?? []) out.push(`Excluded ${t(x.roleArn)} (${t(x.reason, 80)})`);
  return out;
}

function roleLines(view: RoleView, c: Paint, options: TextOptions): string[] {
  const { role } = view;
  return [
    ...identityLines(view, c),
    ...textLastAccessedLines(role, emphasis(c)),
    ...usedLines(view, c),
    ...textWorkloadLines(role, emphasis(c)),
    ...textLastAccessedFindings(role, emphasis(c)),
    ...(role.grantsStatus !== 'unknown' ? unseenLines(view, c, options) : []),
    ...deniedLines(view, c),
    ...(role.unmapped.length
      ? ['', `   Unmapped events (no catalog action): ${role.unmapped.map((u) => `${t(u.eventSource, 60)} ${t(u.eventName, 60)} ×${u.count}`).join(', ')}`]
      : []),
    ...suggestionLines(view, c, options.verbose ?? false),
    ...textSplitLines(role, emphasis(c), options.verbose ?? false),
  ];
}

function identityLines({ role, rank, risk, wildcardLabels }: RoleView, c: Paint): string[] {
  const out: string[] = [];
  const riskText = risk === 'high' ? c.red('risk: high') : risk === 'medium' ? c.yellow('risk: medium') : c.green('risk: low');
  const uses = role.usedAs.length ? role.usedAs.map((u) => `${t(u, 40)} role`).join(' + ') : 'named with --role';
  out.push(c.bold(`━━ ${rank}. ${t(role.roleName, 128)}`) + `  (${uses})  ${riskText}`);
  out.push(`   ${c.dim(t(role.roleArn))}`);
  if (role.workloads.length) {
    const labels = role.workloads.map((w) => t(workloadEntryLabel(w), 160));
    out.push(`   Workloads: ${labels.slice(0, 6).join(', ')}${labels.length > 6 ? ` (+${labels.length - 6} more)` : ''}`);
  }
  if (role.grantsStatus === 'unknown') {
    out.push(`   ${c.yellow('Grants unknown')}: ${role.grantProblems.map((p) => t(p)).join('; ')}`);
  } else {
    out.push(`   Grants: ${plural(role.grantedActions, 'action')} allowed` + (role.wildcardGrants.length ? `, ${c.yellow(plural(role.wildcardGrants.length, 'wildcard statement'))}:` : ''));
    role.wildcardGrants.slice(0, 5).forEach((wg, k) => {
      out.push(`     ${c.yellow('*')} ${t(wildcardLabels[k]!, 200)} on ${t(wg.resources.join(', '), 160)}`);
    });
    for (const p of role.grantProblems) out.push(`   ${c.yellow('!')} ${t(p)}`);
    for (const u of role.unknownGrantedActions.slice(0, 5)) out.push(`   ${c.yellow('!')} ${t(u.policy, 128)} names ${t(u.action, 80)}, which the IAM catalog does not know`);
  }
  // The sentence is ours, but it quotes times and names from the input.
  out.push(`   Evidence: ${t(role.evidence, 1000)}`);
  return out;
}

function usedLines({ role }: RoleView, c: Paint): string[] {
  const out = ['', `   ${c.bold(`Used (${role.used.length})`)}`];
  if (role.used.length === 0) out.push('     none in the window');
  const actions = role.used.map((u) => t(u.action, 128));
  const width = Math.max(0, ...actions.map((a) => a.length));
  role.used.forEach((u, k) => {
    const res = u.resources.length ? ` · ${t(u.resources[0]!, 90)}${moreResources(u.resources.length, u.resourcesTruncated)}` : '';
    const by = u.invokedBy ? ` · via ${list(u.invokedBy)}` : '';
    const notGranted = u.granted ? '' : c.yellow(' · not granted by its identity policies');
    out.push(`     ${actions[k]!.padEnd(width)}  ${plural(u.count, 'call').padStart(11)} · ${plural(u.sessions, 'session')} · last ${day(u.lastSeen)}${by}${res}${notGranted}`);
  });
  return out;
}

function unseenLines(view: RoleView, c: Paint, options: TextOptions): string[] {
  const { role } = view;
  const out = ['', `   ${c.bold(`Unused (${role.unused.length})`)}${role.unused.length ? `: ${view.unusedLevels}` : ''}`, ...textStrongestLines(role, emphasis(c))];
  if (options.verbose) {
    for (const u of role.unused) out.push(`     ${t(u.action, 128)}  ${c.dim(`${u.accessLevel} · ${t(u.grantedBy.join(', '))}`)}`);
  } else {
    out.push(...unusedServiceLines(view, c));
  }
  const no = view.notObservableByReason;
  out.push('', `   ${c.bold(`Not observable (${role.notObservable.length})`)}${no.length ? `: ${no.map(([r, k]) => `${k} ${REASON_LABEL[r]}`).join(' · ')}` : ''}`);
  const examples = role.notObservable.slice(0, 6).map((x) => t(x.action, 128));
  if (examples.length) out.push(`     e.g. ${examples.join(', ')}${role.notObservable.length > 6 ? ', …' : ''}`);
  return out;
}

/** One line per service; past `LISTED_SERVICES`, the rest named in a few wrapped lines (`--verbose` lists every action). */
function unusedServiceLines({ role, unusedServices }: RoleView, c: Paint): string[] {
  const digest = unusedDigest(role, unusedServices);
  const line = (s: ServiceDigest, what: string) => `     ${t(s.service, 40).padEnd(16)} ${String(s.total).padStart(5)}  ${c.dim(`(${levelCounts(s.byLevel)})`)}  ${what}`;
  if (!digest.compressed) return digest.listed.map((s) => line(s, `e.g. ${list(s.examples, 128)}`));
  const out = digest.listed.map((s) => line(s, allBut(s) ?? `of ${n(s.granted)} granted, e.g. ${list(s.examples, 128)}`));
  const rest = (label: string, services: ServiceDigest[], item: (s: ServiceDigest) => string) => {
    if (!services.length) return;
    const total = services.reduce((k, s) => k + s.total, 0);
    out.push(`     ${label} in ${plural(services.length, 'more service')} (${n(total)} actions):`);
    for (const l of wrapList(services.map(item), 104)) out.push(`       ${l}`);
  };
  rest('Every granted action unused', digest.whollyUnused, (s) => `${t(s.service, 40)} ${n(s.total)}`);
  rest('Some granted actions unused', digest.partlyUnused, (s) => `${t(s.service, 40)} ${n(s.total)} of ${n(s.granted)}`);
  out.push(`     ${c.dim('(--verbose lists every unused action; the JSON report keeps them all)')}`);
  return out;
}

/** "all 412 granted" or "all 412 granted but ec2:DescribeTags": when a service is (almost) wholly unused. */
function allBut(s: ServiceDigest): string | undefined {
  if (!s.except) return undefined;
  return `all ${n(s.granted)} granted${s.except.length ? ` but ${list(s.except, 128)}` : ''}`;
}

function deniedLines({ role, deniedCalls }: RoleView, c: Paint): string[] {
  if (!role.denied.length) return [];
  const out = ['', `   ${c.bold(c.red(`Denied (${plural(deniedCalls, 'call')})`))}`];
  for (const d of role.denied) {
    out.push(`     ${c.red('✗')} ${t(d.action, 128)}  ${plural(d.count, 'call')} · ${t(d.errorCode, 60)} · ${causeLabel(d)} · last ${day(d.lastSeen)}`);
    if (d.resources.length) out.push(`       on ${t(d.resources.slice(0, 3).join(', '), 200)}${d.resources.length > 3 ? ' …' : ''}`);
  }
  return out;
}

function suggestionLines({ role }: RoleView, c: Paint, verbose: boolean): string[] {
  const out: string[] = [];
  if (role.consider.length) {
    out.push('', `   ${c.bold('Consider adding')} (denied for want of an allow; not in the suggestion):`);
    for (const k of role.consider) out.push(`     + ${t(k.action, 128)}${k.resources.length ? ` on ${t(k.resources.join(', '), 200)}` : ''}`);
  }
  const docs = role.suggestedPolicies;
  if (role.suggestionNote && !docs.length) out.push('', `   ${c.bold('Suggested policy')}: ${t(role.suggestionNote, 400)}`);
  if (docs.length) {
    const heading = `${c.bold('Suggested policy')}${docs.length > 1 ? ` (${docs.length} documents, each within IAM's 6,144-character limit)` : ''}`;
    out.push('', ...textSuggestionHeading(role, emphasis(c), heading));
    if (role.suggestionNote) out.push(`   ${t(role.suggestionNote, 400)}`);
    const narrowed = new Map((role.narrowed ?? []).map((n) => [n.sid, n]));
    const printed = printedSuggestion(docs, verbose);
    // Never cut: a line longer than the width holds one string (an ARN), and a cut string is
    // not JSON. `compactJson` breaks lines only between values; the terminal wraps the rest.
    for (const doc of printed.shown) {
      for (const line of compactJson(doc, 110).split('\n')) out.push(`     ${c.cyan(displayJson(line))}`);
      // Beside the document, not inside it: the policy must stay valid JSON to paste.
      for (const st of doc.Statement) {
        const n = narrowed.get(st.Sid);
        // Indented less than the policy, so that the printed document stays exactly the policy.
        if (n) out.push(`   ${c.dim(`↳ ${t(st.Sid, 128)} ${noteVerb(n)} ${n.from.map((f) => `${t(f.grantedBy, 128)} (${t(f.resources.join(', '), 200)})`).join('; ')}`)}`);
      }
    }
    if (printed.omitted) out.push(`   ${c.dim(omittedSentence(printed.omitted, 'see --verbose or --format json'))}`);
  }
  return out;
}
