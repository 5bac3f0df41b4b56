/**
 * The HTML report as markup: what input text can and cannot do to the page (every tag and
 * attribute in it is the renderer's own), that it loads nothing, the order of the roles,
 * the trend's points, the copyable policy, and its size. How it behaves in a browser is
 * test/browser/html-report.test.ts.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, htmlText } from '../../../core/report/escape.ts';
import { renderHtml } from '../../../core/report/html/render.ts';
import { SCRIPT, SCRIPT_SHA256 } from '../../../core/report/html/script.ts';
import type { PolicyJson, Report, RoleReport } from '../../../core/report/schema.ts';
import { trendPoint, trendSeries } from '../../../core/report/trend.ts';
import { suggestionEffect } from '../../../core/report/view.ts';
import { sampleReport } from '../../helpers/sample-report.ts';

let report: Report;
beforeAll(() => {
  report = sampleReport();
});

/** Every element the renderer writes. A tag from the input would be a name outside this list or an `on…` attribute. */
const OWN_TAGS = new Set(
  ('html head meta title style body a svg defs pattern rect circle path line text figure figcaption header main section ' +
    'h1 h2 h3 h4 p ul li dl dt dd table caption thead tbody tr th td code pre span strong details summary form label select option button div footer br script').split(' '),
);

/** The start tags of a page: name and attribute names (attribute values are quoted, so a `>` inside one is text). */
function startTags(html: string): { name: string; attributes: string[] }[] {
  const tags: { name: string; attributes: string[] }[] = [];
  const body = html.replace(/<script>[\s\S]*?<\/script>/g, '<script>').replace(/<style>[\s\S]*?<\/style>/g, '<style>');
  for (const m of body.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    tags.push({ name: m[1]!.toLowerCase(), attributes: [...m[2]!.matchAll(/\s+([^\s=>"]+)(?:="[^"]*")?/g)].map((a) => a[1]!.toLowerCase()) });
  }
  return tags;
}

/** Text that tries to become markup, script, an attribute, a link, or to reorder what is shown. */
const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(2)>",
  '</code></pre><iframe src="https://evil.example">',
  '&lt;b&gt; &amp; javascript:alert(3)',
  '\u202eexe.txt\u2066\u2028\u0085',
];
const EVIL = PAYLOADS.join(' ');

function hostileReport(): Report {
  const r = sampleReport();
  const role = r.roles[0]!;
  const policy: PolicyJson = { Version: '2012-10-17', Statement: [{ Sid: 'UsedS3', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`arn:aws:s3:::b/${EVIL}`] }] };
  const hostile: RoleReport = {
    ...role,
    roleName: `role${EVIL}`,
    roleArn: `arn:aws:iam::111122223333:role/${EVIL}`,
    workloads: [{ taskDefinition: `${EVIL}:1`, service: `svc${EVIL}`, cluster: `cl${EVIL}` }],
    evidence: `evidence ${EVIL}`,
    grantProblems: [`problem ${EVIL}`],
    wildcardGrants: [{ policy: `pol${EVIL}`, sid: EVIL, actions: ['s3:*'], resources: [`arn:aws:s3:::${EVIL}`] }],
    unknownGrantedActions: [{ action: `s3:${EVIL}`, policy: EVIL }],
    used: role.used.map((u) => ({ ...u, resources: [`arn:aws:s3:::${EVIL}`], invokedBy: [EVIL] })),
    unused: role.unused.map((u) => ({ ...u, grantedBy: [`pol#${EVIL}`] })),
    notObservable: role.notObservable.map((n) => ({ ...n, detail: EVIL })),
    denied: role.denied.map((d) => ({ ...d, errorCode: EVIL, message: `User: x is not authorized ${EVIL}`, resources: [`arn:aws:s3:::${EVIL}`] })),
    unmapped: [{ eventSource: EVIL, eventName: EVIL, count: 1 }],
    consider: [{ action: 'sqs:GetQueueUrl', resources: [EVIL] }],
    suggestedPolicies: [policy],
  };
  return {
    ...r,
    problems: [`skipped file ${EVIL}`],
    excludedRoles: [{ roleArn: `arn:aws:iam::1:role/${EVIL}`, reason: `tag policy-drift:ignore=${EVIL}` }],
    input: { ...r.input, skipped: { [EVIL]: 1 }, regions: [EVIL] },
    roles: [hostile, ...r.roles.slice(1)],
    drift: { previousGeneratedAt: EVIL, roles: [{ roleArn: hostile.roleArn, roleName: hostile.roleName, newRole: false, newlyGranted: [{ action: EVIL, accessLevel: 'Write' }], noLongerGranted: [], newWildcardGrants: [EVIL], becameUsed: [EVIL], becameUnused: [], newDenials: [{ action: EVIL, cause: EVIL }], escalation: true }], removedRoles: [EVIL] },
  };
}

describe('escaping', () => {
  it('escapes the five characters that open markup or end an attribute, and sanitises input text', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(htmlText('a\u202eb\nc<d>', 300)).toBe('a b c&lt;d&gt;');
    expect(htmlText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('role names, error messages, ARNs and tags cannot add a tag, an attribute or a script to the page', () => {
    const hostile = hostileReport();
    const earlier = trendPoint({ ...hostile, generatedAt: '2026-11-13T00:00:00Z' }, `2026-W46${EVIL}`);
    const html = renderHtml(hostile, { trend: trendSeries([earlier], trendPoint(hostile, '2026-W47')) });
    const tags = startTags(html);
    expect(tags.filter((t) => !OWN_TAGS.has(t.name))).toEqual([]);
    expect(tags.flatMap((t) => t.attributes).filter((a) => a.startsWith('on'))).toEqual([]);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<(img|iframe)\b/i);
    // The payloads are there, as text.
    expect(html).toContain('role&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&amp;lt;b&amp;gt; &amp;amp; javascript:alert(3)');
    // No control, separator or bidi character reaches the page (the page's own newlines aside).
    expect(html).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  });

  it('shows a policy with a hostile ARN as JSON that parses to exactly the suggested policy', () => {
    const hostile = hostileReport();
    const html = renderHtml(hostile);
    const pre = /<pre id="policy-1-0"[^>]*><code>([\s\S]*?)<\/code><\/pre>/.exec(html)![1]!;
    const text = pre.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
    expect(JSON.parse(text)).toEqual(hostile.roles[0]!.suggestedPolicies[0]);
  });
});

describe('a self-contained page', () => {
  it('links only within itself and loads nothing: no src, no external href, a policy that forbids fetching', () => {
    const html = renderHtml(report);
    const tags = startTags(html);
    expect(tags.flatMap((t) => t.attributes).filter((a) => a === 'src' || a === 'srcset' || a === 'action')).toEqual([]);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]).filter((h) => !h!.startsWith('#'))).toEqual([]);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*script-src 'sha256-[^']+'/);
  });

  it('allows its one script by hash, and the hash is that of the script', () => {
    const hash = createHash('sha256').update(SCRIPT, 'utf8').digest('base64');
    expect(SCRIPT_SHA256, `the script changed: set SCRIPT_SHA256 in core/report/html/script.ts to '${hash}'`).toBe(hash);
    expect(renderHtml(report)).toContain(`<script>${SCRIPT}</script>`);
  });
});

describe('content', () => {
  it('lists the roles by risk, riskiest first, in the overview and in the sections', () => {
    const byRisk = [...report.roles].sort((a, b) => b.risk.score - a.risk.score).map((r) => r.roleName);
    // The renderer keeps the report's order (analyze ranks it); the sample's order is by risk.
    const html = renderHtml(report);
    const overview = [...html.matchAll(/<th scope="row"><a href="#role-\d+">([^<]+)<\/a><\/th>/g)].map((m) => m[1]);
    expect(overview).toEqual(byRisk);
    const sections = [...html.matchAll(/<h3 id="role-\d+-h">\d+\. ([^<]+?) <span/g)].map((m) => m[1]);
    expect(sections).toEqual(byRisk);
  });

  it('says what applying the suggestion removes and keeps, and those numbers are the suggestion’s', () => {
    for (const role of report.roles) {
      const e = suggestionEffect(role);
      const actions = new Set(role.suggestedPolicies.flatMap((d) => d.Statement.flatMap((s) => s.Action)));
      expect(e.keepsUsed + e.keepsNotObservable).toBe(actions.size);
      expect(e.removes).toBe(role.unused.length);
      expect(role.unused.some((u) => actions.has(u.action))).toBe(false);
    }
    const api = report.roles[0]!;
    const e = suggestionEffect(api);
    expect(renderHtml(report)).toContain(`Applying it removes ${e.removes} unused actions and keeps ${e.keepsUsed} used and ${e.keepsNotObservable} not observable`);
  });

  it('draws one trend point per week in each chart, and no trend without an earlier week', () => {
    const weeks = ['2026-W44', '2026-W45', '2026-W46'];
    const earlier = weeks.map((w, i) => trendPoint({ ...report, generatedAt: `2026-11-0${i + 1}T00:00:00Z` }, w));
    const series = trendSeries(earlier, trendPoint(report, '2026-W47'));
    const html = renderHtml(report, { trend: series });
    const points = [...html.matchAll(/class="trend-point" data-week="([^"]+)"/g)].map((m) => m[1]);
    expect(points).toEqual([...weeks, '2026-W47', ...weeks, '2026-W47', ...weeks, '2026-W47']);
    expect(html).toContain('Week by week (4 weeks)');
    expect(renderHtml(report)).not.toContain('class="trend-point"');
    expect(renderHtml(report, { trend: [trendPoint(report, '2026-W47')] })).not.toContain('id="trend"');
  });

  it('shows the drift since the previous report, escalations marked', () => {
    const html = renderHtml(hostileReport());
    expect(html).toMatch(/<li class="escalation"><code>role&lt;script&gt;[^<]*<\/code>: <strong>gained broader permissions<\/strong>/);
  });

  it('says why a role whose grants are unknown has no unused list or suggestion', () => {
    const r = sampleReport();
    r.roles[0] = { ...r.roles[0]!, grantsStatus: 'unknown', grantProblems: ['grants unknown: AccessDenied on iam:GetRolePolicy'], unused: [], notObservable: [], suggestedPolicies: [] };
    const html = renderHtml(r);
    expect(html).toContain('<strong class="problem">unknown</strong>: grants unknown: AccessDenied on iam:GetRolePolicy');
    expect(html).toContain("None: the role's grants could not be read.");
  });
});

describe('size', () => {
  it('stays small: the sample account under 150 KB, 200 roles under 6 MB (npm run html:size prints both)', () => {
    expect(Buffer.byteLength(renderHtml(report))).toBeLessThan(150_000);
    const big = { ...report, roles: Array.from({ length: 200 }, (_, i) => ({ ...report.roles[i % report.roles.length]!, roleName: `role-${i}`, roleArn: `arn:aws:iam::111122223333:role/role-${i}` })) };
    expect(Buffer.byteLength(renderHtml(big))).toBeLessThan(6_000_000);
  });
});
