/**
 * `npm run html:size`: the size of the HTML report (as written, and gzipped) for the sample
 * account, for 200 roles like the sample's, and for 200 roles holding 5,000 unused actions
 * each (the lists are capped per role, so the page stays bounded). Prints figures; asserts
 * nothing (test/core/report/html.test.ts holds the limits).
 */
import { gzipSync } from 'node:zlib';
import { analyzeExport } from '../cli/analyze-export.ts';
import { renderHtml } from '../core/report/html/render.ts';
import type { Report, RoleReport } from '../core/report/schema.ts';

const sample = await analyzeExport({ input: 'examples/sample-account', now: new Date('2026-11-20T00:00:00Z') });

function roles(n: number, shape: (role: RoleReport, i: number) => RoleReport): Report {
  return { ...sample, roles: Array.from({ length: n }, (_, i) => shape(structuredClone(sample.roles[i % sample.roles.length]!), i)) };
}

const renamed = (role: RoleReport, i: number): RoleReport => ({ ...role, roleName: `${role.roleName}-${i}`, roleArn: `${role.roleArn}-${i}` });
const heavy = (role: RoleReport, i: number): RoleReport => ({
  ...renamed(role, i),
  unused: Array.from({ length: 5_000 }, (_, k) => ({ action: `svc${k % 40}:Action${k}`, accessLevel: k % 5 ? 'Read' : 'Write', grantedBy: ['policy#Everything'], viaWildcard: true })),
});

const kb = (n: number) => `${(n / 1024).toLocaleString('en-US', { maximumFractionDigits: 0 })} KB`;
for (const [label, report] of [
  ['sample account (5 roles)', sample],
  ['200 roles like the sample', roles(200, renamed)],
  ['200 roles, 5,000 unused actions each', roles(200, heavy)],
] as const) {
  const t0 = performance.now();
  const html = renderHtml(report);
  const ms = performance.now() - t0;
  const bytes = Buffer.byteLength(html);
  process.stdout.write(`${label.padEnd(38)} ${kb(bytes).padStart(9)}  (gzipped ${kb(gzipSync(html).length)}, rendered in ${ms.toFixed(0)} ms)\n`);
}
