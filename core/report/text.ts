/**
 * The terminal report: per role, riskiest first, what it may do and does not, what it was
 * refused, and what to grant instead. Text from the input (ARNs, error messages) passes
 * through `terminalText` so a crafted record cannot move the cursor or recolour the terminal.
 */
import { workloadLabel } from '../inventory/inventory.ts';
import { compactJson } from './compact-json.ts';
import { terminalText } from './escape.ts';
import { textLastAccessedFindings, textLastAccessedLines, textStrongestLines, textSuggestionHeading, type Emphasis } from './evidence-lines.ts';
import { REASON_LABEL, causeLabel, levelCounts, plural } from './labels.ts';
import type { Report } from './schema.ts';
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
const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '?');

/** Render the whole report as terminal text. */
export function renderText(report: Report, options: TextOptions = {}): string {
  const c = paint(options.color ?? false);
  const view = reportView(report);
  const out = headerLines(view, c);
  for (const role of view.roles) out.push('', ...roleLines(role, c, options));
  out.push('');
  out.push(
    c.dim(
      'Unused: granted, observable in this input, never called in the window. Not observable: CloudTrail could not have shown a call,\n' +
        'so absence proves nothing; these stay in the suggestion. Denied calls never count as use.',
    ),
  );
  if (report.roles.some((r) => r.lastAccessed)) {
    out.push(c.dim('Unused for ≥ N days: IAM last accessed also says not accessed over that span. Used earlier: IAM says the role used it before; kept.'));
  }
  return out.join('\n') + '\n';
}

function headerLines(view: ReportView, c: Paint): string[] {
  const { report, window: w, totals, skipped } = view;
  const i = report.input;
  const out: string[] = [];
  out.push(c.bold('policy-drift · least-privilege report for ECS task and execution roles'));
  out.push(`Window   ${w.start} → ${w.end}${w.days !== undefined ? `  (${plural(w.days, 'day')})` : ''}`);
  out.push(
    `Input    ${plural(i.records, 'CloudTrail record')} · ${n(i.attributed)} by tracked roles · ${n(i.notTracked)} by other principals` +
      (i.outsideWindow ? ` · ${n(i.outsideWindow)} outside the window` : '') +
      ` · ${n(skipped.total)} skipped` +
      (skipped.byReason.length ? ` (${skipped.byReason.map(([k, v]) => `${k}: ${n(v)}`).join(', ')})` : ''),
  );
  out.push(
    `         data events present for: ${i.dataEventServices.length ? i.dataEventServices.join(', ') : 'none (data-plane actions are "not observable")'}` +
      (i.regions.length ? ` · regions: ${i.regions.join(', ')}` : ''),
  );
  if (i.incompleteRegions?.length) {
    out.push(c.yellow(`Incomplete CloudTrail for ${i.incompleteRegions.join(', ')}: no action is called unused in this report.`));
  }
  if (i.files) {
    const fs = Object.entries(i.files.skipped);
    out.push(
      `Files    ${n(i.files.read)} files read` +
        (fs.length ? ` · skipped: ${fs.map(([k, v]) => `${k}: ${v}`).join(', ')}` : '') +
        (i.files.ignored ? ` · ${plural(i.files.ignored, 'file')} ignored (not .json/.jsonl/.ndjson/.log data)` : ''),
    );
  }
  out.push(
    `Roles    ${plural(totals.roles, 'tracked role')} · ${plural(totals.unused, 'unused permission')} · ${plural(totals.deniedCalls, 'denied call')}` +
      ` · ${plural(totals.wildcardRoles, 'role')} with wildcard grants` +
      (totals.unknownGrants ? ` · ${c.yellow(`${totals.unknownGrants} with incomplete grants`)}` : ''),
  );
  for (const p of report.problems) out.push(c.yellow(`Problem  ${terminalText(p)}`));
  for (const x of report.excludedRoles ?? []) out.push(`Excluded ${terminalText(x.roleArn)} (${terminalText(x.reason, 80)})`);
  return out;
}

function roleLines(view: RoleView, c: Paint, options: TextOptions): string[] {
  const { role } = view;
  return [
    ...identityLines(view, c),
    ...textLastAccessedLines(role, emphasis(c)),
    ...usedLines(view, c),
    ...textLastAccessedFindings(role, emphasis(c)),
    ...(role.grantsStatus !== 'unknown' ? unseenLines(view, c, options) : []),
    ...deniedLines(view, c),
    ...(role.unmapped.length
      ? ['', `   Unmapped events (no catalog action): ${role.unmapped.map((u) => `${terminalText(u.eventSource, 60)} ${terminalText(u.eventName, 60)} ×${u.count}`).join(', ')}`]
      : []),
    ...suggestionLines(view, c),
  ];
}

function identityLines({ role, rank, risk, wildcardLabels }: RoleView, c: Paint): string[] {
  const out: string[] = [];
  const riskText = risk === 'high' ? c.red('risk: high') : risk === 'medium' ? c.yellow('risk: medium') : c.green('risk: low');
  const uses = role.usedAs.length ? role.usedAs.map((u) => `${u} role`).join(' + ') : 'named with --role';
  out.push(c.bold(`━━ ${rank}. ${terminalText(role.roleName, 128)}`) + `  (${uses})  ${riskText}`);
  out.push(`   ${c.dim(terminalText(role.roleArn))}`);
  if (role.workloads.length) {
    const labels = role.workloads.map((w) => terminalText(workloadLabel(w), 160));
    out.push(`   Workloads: ${labels.slice(0, 6).join(', ')}${labels.length > 6 ? ` (+${labels.length - 6} more)` : ''}`);
  }
  if (role.grantsStatus === 'unknown') {
    out.push(`   ${c.yellow('Grants unknown')}: ${role.grantProblems.map((p) => terminalText(p)).join('; ')}`);
  } else {
    out.push(`   Grants: ${plural(role.grantedActions, 'action')} allowed` + (role.wildcardGrants.length ? `, ${c.yellow(plural(role.wildcardGrants.length, 'wildcard statement'))}:` : ''));
    role.wildcardGrants.slice(0, 5).forEach((wg, k) => {
      out.push(`     ${c.yellow('*')} ${terminalText(wildcardLabels[k]!, 200)} on ${terminalText(wg.resources.join(', '), 160)}`);
    });
    for (const p of role.grantProblems) out.push(`   ${c.yellow('!')} ${terminalText(p)}`);
    for (const u of role.unknownGrantedActions.slice(0, 5)) out.push(`   ${c.yellow('!')} ${terminalText(u.policy, 128)} names ${terminalText(u.action, 80)}, which the IAM catalog does not know`);
  }
  out.push(`   Evidence: ${role.evidence}`);
  return out;
}

function usedLines({ role }: RoleView, c: Paint): string[] {
  const out = ['', `   ${c.bold(`Used (${role.used.length})`)}`];
  if (role.used.length === 0) out.push('     none in the window');
  const width = Math.max(0, ...role.used.map((u) => u.action.length));
  for (const u of role.used) {
    const more = u.resources.length > 1 || u.resourcesTruncated ? ` (+${u.resources.length - 1}${u.resourcesTruncated ? '+' : ''})` : '';
    const res = u.resources.length ? ` · ${terminalText(u.resources[0]!, 90)}${more}` : '';
    const by = u.invokedBy ? ` · via ${u.invokedBy.join(', ')}` : '';
    const notGranted = u.granted ? '' : c.yellow(' · not granted by its identity policies');
    out.push(`     ${u.action.padEnd(width)}  ${plural(u.count, 'call').padStart(11)} · ${plural(u.sessions, 'session')} · last ${day(u.lastSeen)}${by}${res}${notGranted}`);
  }
  return out;
}

function unseenLines(view: RoleView, c: Paint, options: TextOptions): string[] {
  const { role } = view;
  const out = ['', `   ${c.bold(`Unused (${role.unused.length})`)}${role.unused.length ? `: ${view.unusedLevels}` : ''}`, ...textStrongestLines(role, emphasis(c))];
  if (options.verbose) {
    for (const u of role.unused) out.push(`     ${u.action}  ${c.dim(`${u.accessLevel} · ${terminalText(u.grantedBy.join(', '))}`)}`);
  } else {
    for (const s of view.unusedServices) {
      out.push(`     ${s.service.padEnd(16)} ${String(s.total).padStart(5)}  ${c.dim(`(${levelCounts(s.byLevel)})`)}  e.g. ${s.examples.join(', ')}`);
    }
  }
  const no = view.notObservableByReason;
  out.push('', `   ${c.bold(`Not observable (${role.notObservable.length})`)}${no.length ? `: ${no.map(([r, k]) => `${k} ${REASON_LABEL[r]}`).join(' · ')}` : ''}`);
  const examples = role.notObservable.slice(0, 6).map((x) => x.action);
  if (examples.length) out.push(`     e.g. ${examples.join(', ')}${role.notObservable.length > 6 ? ', …' : ''}`);
  return out;
}

function deniedLines({ role, deniedCalls }: RoleView, c: Paint): string[] {
  if (!role.denied.length) return [];
  const out = ['', `   ${c.bold(c.red(`Denied (${deniedCalls} calls)`))}`];
  for (const d of role.denied) {
    out.push(`     ${c.red('✗')} ${d.action}  ${plural(d.count, 'call')} · ${terminalText(d.errorCode, 60)} · ${causeLabel(d)} · last ${day(d.lastSeen)}`);
    if (d.resources.length) out.push(`       on ${terminalText(d.resources.slice(0, 3).join(', '), 200)}${d.resources.length > 3 ? ' …' : ''}`);
  }
  return out;
}

function suggestionLines({ role }: RoleView, c: Paint): string[] {
  const out: string[] = [];
  if (role.consider.length) {
    out.push('', `   ${c.bold('Consider adding')} (denied for want of an allow; not in the suggestion):`);
    for (const k of role.consider) out.push(`     + ${k.action}${k.resources.length ? ` on ${terminalText(k.resources.join(', '), 200)}` : ''}`);
  }
  const docs = role.suggestedPolicies;
  if (role.suggestionNote && !docs.length) out.push('', `   ${c.bold('Suggested policy')}: ${role.suggestionNote}`);
  if (docs.length) {
    const heading = `${c.bold('Suggested policy')}${docs.length > 1 ? ` (${docs.length} documents, each within IAM's 6,144-character limit)` : ''}`;
    out.push('', ...textSuggestionHeading(role, emphasis(c), heading));
    if (role.suggestionNote) out.push(`   ${role.suggestionNote}`);
    const narrowed = new Map((role.narrowed ?? []).map((n) => [n.sid, n]));
    for (const doc of docs) {
      for (const line of compactJson(doc, 110).split('\n')) out.push(`     ${c.cyan(terminalText(line, 400))}`);
      // Beside the document, not inside it: the policy must stay valid JSON to paste.
      for (const st of doc.Statement) {
        const n = narrowed.get(st.Sid);
        if (n) out.push(`     ${c.dim(`↳ ${terminalText(st.Sid, 128)} narrowed from ${n.from.map((f) => `${terminalText(f.grantedBy, 128)} (${terminalText(f.resources.join(', '), 200)})`).join('; ')}`)}`);
      }
    }
  }
  return out;
}
