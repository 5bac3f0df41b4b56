/**
 * 200 roles granted `*`: a report whose JSON (~880 MB) is longer than any string V8 can
 * hold, so `JSON.stringify` could never write it. Every format renders, streamed; the JSON
 * is byte for byte what `JSON.stringify` would give, compared piece by piece with the report
 * put together role by role; text and Markdown stay short; `--verbose` lists every unused
 * action. Time and peak memory are measured by `scripts/bench/render.ts`, not here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../core/analyze/analyze.ts';
import { buildInventory } from '../../core/inventory/inventory.ts';
import type { RoleGrants } from '../../core/model.ts';
import { rolesFromAuthorizationDetails } from '../../core/policy/authorization-details.ts';
import { renderWeeklySummary } from '../../core/report/email.ts';
import { reportChunks } from '../../core/report/output.ts';
import type { Report } from '../../core/report/schema.ts';
import { emptyUsage } from '../../core/usage/model.ts';
import { compactUsage } from '../../core/usage/build.ts';
import { catalog } from '../helpers/fixtures.ts';

const ROLES = 200;
/** V8's longest string on 64-bit builds (2^29 - 24 code units). */
const MAX_STRING = 2 ** 29 - 24;

let report: Report;
beforeAll(async () => {
  const details = Array.from({ length: ROLES }, (_, i) => ({
    RoleName: `admin-${i}`,
    Arn: `arn:aws:iam::111122223333:role/admin-${i}`,
    RolePolicyList: [{ PolicyName: 'admin', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
  }));
  report = analyze({
    catalog: await catalog(),
    inventory: buildInventory(details.map((d, i) => ({ family: `svc-${i}`, revision: 1, taskRoleArn: d.Arn })), []),
    iamRoles: rolesFromAuthorizationDetails(details, []).roles as Map<string, RoleGrants>,
    usage: compactUsage(emptyUsage()),
    window: { start: '2026-11-09T00:00:00Z', end: '2026-11-16T00:00:00Z' },
    generatedAt: '2026-11-20T00:00:00Z',
  });
}, 120_000);

/** Whether two streams of pieces spell the same text, however each is cut; the length of it. */
function sameText(a: Iterable<string>, b: Iterable<string>): { same: boolean; length: number } {
  const left = a[Symbol.iterator]();
  let pending = '';
  let length = 0;
  for (const piece of b) {
    let at = 0;
    while (at < piece.length) {
      if (!pending) {
        const next = left.next();
        if (next.done) return { same: false, length };
        pending = next.value;
      }
      const n = Math.min(pending.length, piece.length - at);
      if (pending.slice(0, n) !== piece.slice(at, at + n)) return { same: false, length };
      pending = pending.slice(n);
      at += n;
      length += n;
    }
  }
  return { same: !pending && left.next().done === true, length };
}

/** The JSON report assembled independently: the report without its roles, then each role stringified on its own, indented two levels. */
function* rolesOneByOne(report: Report): Generator<string> {
  const head = JSON.stringify({ ...report, roles: 'ROLES' }, null, 2);
  // `roles` is the report's last key.
  if (!head.endsWith('"roles": "ROLES"\n}')) throw new Error('roles is not the last key');
  yield head.slice(0, -'"ROLES"\n}'.length) + '[';
  for (const [i, r] of report.roles.entries()) yield `${i ? ',' : ''}\n    ${JSON.stringify(r, null, 2).replaceAll('\n', '\n    ')}`;
  yield '\n  ]\n}\n';
}

describe('a report of 200 roles granted *', () => {
  it('streams its JSON, longer than any string, exactly as JSON.stringify would write it', () => {
    const { same, length } = sameText(rolesOneByOne(report), reportChunks(report, 'json'));
    expect(length).toBeGreaterThan(MAX_STRING);
    expect(same).toBe(true);
  }, 300_000);

  it('renders text and Markdown in a few lines per service, naming every role', () => {
    for (const format of ['text', 'markdown'] as const) {
      let text = '';
      for (const chunk of reportChunks(report, format)) text += chunk;
      // One line per service was ~100 KB a role (20 MB).
      expect(text.length).toBeLessThan(ROLES * 30_000);
      for (let i = 0; i < ROLES; i += 37) expect(text).toContain(`admin-${i}`);
    }
  }, 120_000);

  it('lists every unused action of every role with --verbose', () => {
    const line = /^ {5}[a-z0-9-]+:\S+ {2}(?:Permissions management|Write|Tagging|Read|List) · /;
    let listed = 0;
    for (const chunk of reportChunks(report, 'text', { verbose: true })) {
      // Pieces end at line ends.
      for (const l of chunk.split('\n')) if (line.test(l)) listed++;
    }
    expect(listed).toBe(report.roles.reduce((n, r) => n + r.unused.length, 0));
  }, 300_000);

  it('still sends a weekly message SNS accepts', () => {
    const m = renderWeeklySummary(report, { account: '111122223333' });
    expect(Buffer.byteLength(m.message)).toBeLessThan(262_144);
  });
});
