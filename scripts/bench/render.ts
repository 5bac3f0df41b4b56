/**
 * `node --import tsx scripts/bench/render.ts [--roles 200]`: rendering a report of roles
 * granted `*` in every format, streamed (core/report/output.ts), each format in its own
 * process so that its peak RSS is its own: milliseconds (best of `--rounds`), output size,
 * peak RSS. Prints figures; asserts nothing.
 *
 * Measured on the shared 2-core machine (200 roles, best of 3, interleaved with the
 * whole-string renderers of the commit before streaming): text 952 → 704 ms (19.8 MB →
 * 3.5 MB: long unused lists summarised), Markdown 1,112 → 813 ms, verbose text
 * 7,670 → 7,829 ms (the same 227 MB; within noise), JSON `RangeError: Invalid string
 * length` after 3.4 s → 877 MB written in 4.7 s. On 60 roles, where `JSON.stringify` still
 * works, the streamed JSON takes 0.99× its time. Peak RSS streamed: ~210 MB for either JSON
 * (the report itself holds ~200 MB), ~480 MB for the verbose text (1.6 GB as one string).
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { analyze } from '../../core/analyze/analyze.ts';
import { buildInventory } from '../../core/inventory/inventory.ts';
import type { RoleGrants } from '../../core/model.ts';
import { rolesFromAuthorizationDetails } from '../../core/policy/authorization-details.ts';
import { reportChunks, type ReportFormat, type ReportOutputOptions } from '../../core/report/output.ts';
import type { Report } from '../../core/report/schema.ts';
import { emptyUsage } from '../../core/usage/model.ts';
import { compactUsage } from '../../core/usage/build.ts';
import { loadCatalog } from '../../sources/catalog.ts';

const { values } = parseArgs({ options: { roles: { type: 'string', default: '200' }, rounds: { type: 'string', default: '2' }, phase: { type: 'string' } } });
const roles = Number(values.roles);

const CASES: Record<string, [ReportFormat, ReportOutputOptions]> = {
  text: ['text', {}],
  'text --verbose': ['text', { verbose: true }],
  markdown: ['markdown', {}],
  json: ['json', {}],
  'json (archive, compact)': ['json', { jsonIndent: 0 }],
};

async function wildcardReport(count: number): Promise<Report> {
  const details = Array.from({ length: count }, (_, i) => ({
    RoleName: `admin-${i}`,
    Arn: `arn:aws:iam::123456789012:role/admin-${i}`,
    RolePolicyList: [{ PolicyName: 'admin', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
  }));
  return analyze({
    catalog: await loadCatalog(),
    inventory: buildInventory(details.map((d, i) => ({ family: `svc-${i}`, revision: 1, taskRoleArn: d.Arn })), []),
    iamRoles: rolesFromAuthorizationDetails(details, []).roles as Map<string, RoleGrants>,
    usage: compactUsage(emptyUsage()),
    window: {},
    generatedAt: 'bench',
  });
}

if (values.phase) {
  // One format, in this process: time the rendering only, after the report is built.
  const report = await wildcardReport(roles);
  const [format, options] = CASES[values.phase]!;
  let best = Infinity;
  let chars = 0;
  for (let r = 0; r < Number(values.rounds); r++) {
    const started = process.hrtime.bigint();
    chars = 0;
    for (const chunk of reportChunks(report, format, options)) chars += chunk.length;
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
  }
  process.stdout.write(JSON.stringify({ ms: best, chars, rssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
} else {
  process.stdout.write(`rendering ${roles} roles granted * (streamed), best of ${values.rounds}\n\nformat                       ms        output   peak RSS\n`);
  for (const name of Object.keys(CASES)) {
    const out = execFileSync(process.execPath, ['--no-warnings', '--import', 'tsx', import.meta.filename, '--phase', name, '--roles', String(roles), '--rounds', values.rounds!], { encoding: 'utf8' });
    const p = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; chars: number; rssMB: number };
    process.stdout.write(`${name.padEnd(24)} ${p.ms.toFixed(0).padStart(7)} ${`${(p.chars / 1e6).toFixed(1)} MB`.padStart(13)} ${`${p.rssMB.toFixed(0)} MB`.padStart(10)}\n`);
  }
}
