/**
 * A role granted `*` has unused actions in some 450 services: text and Markdown summarise
 * past `LISTED_SERVICES` services without losing any (every service named, the counts add
 * up), `--verbose` lists every action, and JSON keeps every entry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../../core/analyze/analyze.ts';
import { buildInventory } from '../../../core/inventory/inventory.ts';
import type { RoleGrants } from '../../../core/model.ts';
import { rolesFromAuthorizationDetails } from '../../../core/policy/authorization-details.ts';
import { renderMarkdown } from '../../../core/report/markdown.ts';
import type { Report } from '../../../core/report/schema.ts';
import { renderText } from '../../../core/report/text.ts';
import { LISTED_SERVICES, unusedDigest, wrapList } from '../../../core/report/unused-digest.ts';
import { unusedByService } from '../../../core/report/view.ts';
import { emptyUsage } from '../../../core/usage/model.ts';
import { compactUsage } from '../../../core/usage/build.ts';
import { catalog } from '../../helpers/fixtures.ts';

let report: Report;
beforeAll(async () => {
  const arn = 'arn:aws:iam::111122223333:role/admin-task';
  const details = [{ RoleName: 'admin-task', Arn: arn, RolePolicyList: [{ PolicyName: 'admin', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] }];
  const iam = rolesFromAuthorizationDetails(details, []);
  report = analyze({
    catalog: await catalog(),
    inventory: buildInventory([{ family: 'admin', revision: 1, taskRoleArn: arn }], []),
    iamRoles: iam.roles as Map<string, RoleGrants>,
    usage: compactUsage(emptyUsage()),
    window: {},
    generatedAt: '2026-11-20T00:00:00Z',
  });
});

const servicesOf = (actions: readonly string[]) => [...new Set(actions.map((a) => a.slice(0, a.indexOf(':'))))];

describe('the unused digest of a role granted *', () => {
  it('lists the riskiest services and splits the rest by whether every granted action is unused, counts adding up', () => {
    const role = report.roles[0]!;
    const d = unusedDigest(role, unusedByService(role.unused));
    expect(d.compressed).toBe(true);
    expect(d.listed).toHaveLength(LISTED_SERVICES);
    const all = [...d.listed, ...d.whollyUnused, ...d.partlyUnused];
    expect(all.reduce((n, s) => n + s.total, 0)).toBe(role.unused.length);
    expect(all.map((s) => s.service).sort()).toEqual(servicesOf(role.unused.map((u) => u.action)).sort());
    expect(d.whollyUnused.every((s) => s.total === s.granted)).toBe(true);
    expect(d.partlyUnused.every((s) => s.total < s.granted)).toBe(true);
    // Granted = unused + kept (used or not observable): nothing the role is granted is left out.
    const kept = role.notObservable.length + role.used.filter((u) => u.granted).length;
    const grantedInUnusedServices = all.reduce((n, s) => n + s.granted, 0);
    expect(grantedInUnusedServices).toBeLessThanOrEqual(role.unused.length + kept);
    expect(grantedInUnusedServices + kept).toBeGreaterThanOrEqual(role.grantedActions);
  });

  it('says "all N granted but …" for a listed service whose only kept actions are few', () => {
    // Which services keep few actions depends on the catalog and the mapping data; make one so:
    // the first listed service keeps exactly one not-observable action.
    const few = structuredClone(report);
    const role = few.roles[0]!;
    const first = unusedDigest(role, unusedByService(role.unused)).listed[0]!.service;
    const ofFirst = role.notObservable.filter((n) => n.action.startsWith(`${first}:`));
    role.notObservable = [...role.notObservable.filter((n) => !n.action.startsWith(`${first}:`)), ...ofFirst.slice(0, 1)];
    role.unused = [...role.unused, ...ofFirst.slice(1).map((n) => ({ action: n.action, accessLevel: n.accessLevel, grantedBy: ['admin'], viaWildcard: true }))];
    const text = renderText(few);
    const withExceptions = unusedDigest(role, unusedByService(role.unused)).listed.find((s) => s.except?.length);
    expect(withExceptions).toBeDefined();
    const line = text.split('\n').find((l) => l.trimStart().startsWith(`${withExceptions!.service} `))!;
    expect(line).toContain(`all ${withExceptions!.granted.toLocaleString('en-US')} granted but ${withExceptions!.except!.join(', ')}`);
  });
});

describe('rendering a role granted *', () => {
  it('keeps the text and Markdown short, and names every service with unused actions', () => {
    const role = report.roles[0]!;
    const services = servicesOf(role.unused.map((u) => u.action));
    expect(services.length).toBeGreaterThan(300);
    const text = renderText(report);
    const markdown = renderMarkdown(report);
    for (const out of [text, markdown]) {
      // Was ~100 KB a role: one line per service.
      expect(out.length).toBeLessThan(30_000);
      for (const s of services) expect(out).toMatch(new RegExp(`(^|[\\s\`])${s.replace(/[-.]/g, '\\$&')}[\\s\`]`, 'm'));
    }
    expect(text).toMatch(/Every granted action unused in \d+ more services \([\d,]+ actions\):/);
    expect(markdown).toMatch(/\*\*Every granted action unused in \d+ more services \([\d,]+ actions\):\*\*/);
  });

  it('lists every unused action with --verbose', () => {
    const role = report.roles[0]!;
    const lines = new Set(renderText(report, { verbose: true }).split('\n').map((l) => l.trim().split(/\s+/)[0]));
    expect(role.unused.every((u) => lines.has(u.action))).toBe(true);
  });

  it('leaves a short list as it was: one line per service, with examples', () => {
    const short = structuredClone(report);
    const role = short.roles[0]!;
    role.unused = role.unused.filter((u) => /^(s3|sqs|kms):/.test(u.action));
    const text = renderText(short);
    expect(text).not.toContain('more service');
    expect(text).toMatch(/^ {5}s3 +\d+ {2}\(.*\) {2}e\.g\. s3:/m);
  });
});

describe('wrapList', () => {
  it('keeps lines within the width, splitting only between items', () => {
    const items = Array.from({ length: 300 }, (_, i) => `service-${i} ${i * 7}`);
    const lines = wrapList(items, 60);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    expect(lines.join(' ').split(', ')).toEqual(items);
  });
});
