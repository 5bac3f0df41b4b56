/**
 * The HTML report in a real browser: Debian's Chromium (`/usr/bin/chromium`, installed by
 * .ci/run), driven by playwright-core, no browser download. The page is the one
 * `policy-drift analyze --input examples/sample-account --format html --history DIR` writes,
 * with three earlier weekly reports as its history, opened from disk.
 *
 * Skipped, with a message, only where Chromium is missing and CI is not set; in CI it runs
 * (and fails without Chromium). Screenshots go to the folder printed at the end
 * (POLICY_DRIFT_SCREENSHOTS to choose it).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../core/report/html/render.ts';
import type { Report } from '../../core/report/schema.ts';
import { runMain } from '../helpers/run-main.ts';
import { sampleReport } from '../helpers/sample-report.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const skip = !existsSync(CHROMIUM) && !process.env.CI;
if (skip) console.warn(`test/browser skipped: ${CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it, and CI runs these tests).`);

const WEEKS_BEFORE = 3;
const work = mkdtempSync(join(tmpdir(), 'pd-browser-'));
const shots = process.env.POLICY_DRIFT_SCREENSHOTS ?? join(tmpdir(), 'policy-drift-screenshots');
let context: BrowserContext;
let page: Page;
let report: Report;
let pageUrl: string;
const requests: string[] = [];
const consoleErrors: string[] = [];

/** Earlier weekly reports, one a week before now: the sample report with more unused and more denials the further back. */
function writeHistory(dir: string): void {
  for (let k = 1; k <= WEEKS_BEFORE; k++) {
    const r = sampleReport();
    r.generatedAt = new Date(Date.now() - k * 7 * 86_400_000).toISOString().slice(0, 19) + 'Z';
    for (const role of r.roles) {
      role.unused.push(...Array.from({ length: 10 * k }, (_, j) => ({ action: `s3:Old${j}`, accessLevel: 'Write' as const, grantedBy: ['old'], viaWildcard: true })));
      for (const d of role.denied) d.count += 5 * k;
    }
    mkdirSync(join(dir, `week-${k}`), { recursive: true });
    writeFileSync(join(dir, `week-${k}`, 'report.json'), JSON.stringify(r));
  }
}

/** What the filter leaves visible: the overview's role names and the role sections' ids. */
async function visibleRoles(): Promise<{ rows: string[]; sections: number }> {
  const rows = await page.locator('#roles-table tbody tr:visible th a').allTextContents();
  const sections = await page.locator('section.role:visible').count();
  return { rows, sections };
}

describe.skipIf(skip)('the HTML report in Chromium', () => {
  beforeAll(async () => {
    const history = join(work, 'history');
    writeHistory(history);
    const html = join(work, 'report.html');
    const json = join(work, 'report.json');
    const r = await runMain('analyze', '--input', 'examples/sample-account', '--format', 'html', '--out', html, '--history', history);
    expect(r.code, r.stderr).toBe(0);
    expect((await runMain('analyze', '--input', 'examples/sample-account', '--format', 'json', '--out', json)).code).toBe(0);
    report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    pageUrl = pathToFileURL(html).href;
    mkdirSync(shots, { recursive: true });

    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pd-chromium-profile-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1280, height: 900 },
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    context.on('request', (req) => requests.push(req.url()));
    // Anything but the file itself would be a leak: refuse it (and it is recorded above).
    await context.route((url) => url.protocol !== 'file:', (route) => route.abort());
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(pageUrl);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    console.log(`HTML report screenshots: ${shots}`);
  });

  it('lists the roles in risk order in the overview', async () => {
    const byRisk = [...report.roles].sort((a, b) => b.risk.score - a.risk.score).map((r) => r.roleName);
    expect(await page.locator('#roles-table tbody th a').allTextContents()).toEqual(byRisk);
    await page.screenshot({ path: join(shots, 'overview.png') });
  });

  it('hides and shows roles with the filters, by mouse and by keyboard', async () => {
    const all = report.roles.map((r) => r.roleName);
    const inProd = report.roles.filter((r) => r.workloads.some((w) => w.cluster === 'prod')).map((r) => r.roleName);
    expect(inProd.length).toBeGreaterThan(0);
    expect(inProd.length).toBeLessThan(all.length);

    await page.selectOption('select[name="cluster"]', 'prod');
    expect(await visibleRoles()).toEqual({ rows: all.filter((n) => inProd.includes(n)), sections: inProd.length });
    await expect.poll(() => page.locator('#filter-status').textContent()).toBe(`Showing ${inProd.length} of ${all.length} roles.`);

    // Keyboard only: focus the usage filter, choose "execution" with the arrow keys.
    await page.selectOption('select[name="cluster"]', '');
    await page.focus('select[name="usage"]');
    const options = await page.locator('select[name="usage"] option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    for (let i = 0; i < options.indexOf('execution'); i++) await page.keyboard.press('ArrowDown');
    const execution = report.roles.filter((r) => r.usedAs.includes('execution')).map((r) => r.roleName);
    expect((await visibleRoles()).rows).toEqual(execution);

    await page.click('button[type="reset"]');
    await expect.poll(async () => (await visibleRoles()).rows).toEqual(all);
    expect((await visibleRoles()).sections).toBe(all.length);
  });

  it('copies the suggested policy with the copy button', async () => {
    const button = page.locator('#role-1 button.copy').first();
    await button.click();
    await expect.poll(() => page.locator('#role-1 .copy-status').first().textContent()).toBe('Copied.');
    // A string, evaluated in the page: the project's TypeScript has no DOM types.
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(JSON.parse(copied)).toEqual(report.roles[0]!.suggestedPolicies[0]);
    await page.locator('#role-1').screenshot({ path: join(shots, 'role-1.png') });
  });

  it('draws one trend point per archived week in each chart', async () => {
    const charts = page.locator('#trend-charts figure');
    expect(await charts.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const weeks = await charts.nth(i).locator('circle.trend-point').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-week')));
      expect(weeks).toHaveLength(WEEKS_BEFORE + 1);
      expect([...weeks].sort()).toEqual(weeks);
      expect(new Set(weeks).size).toBe(weeks.length);
    }
    await page.locator('#trend').screenshot({ path: join(shots, 'trend.png') });
  });

  it('requests nothing from the network and logs no error', () => {
    expect(requests.filter((u) => u !== pageUrl)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('shows hostile role names, error messages and ARNs as text: no script runs, no element is added', async () => {
    const r = sampleReport();
    const evil = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>"\'><svg onload="window.pwned=3">';
    r.roles[0] = { ...r.roles[0]!, roleName: `r${evil}`, roleArn: `arn:aws:iam::1:role/${evil}`, denied: r.roles[0]!.denied.map((d) => ({ ...d, message: evil, resources: [evil] })) };
    r.problems = [evil];
    const file = join(work, 'hostile.html');
    writeFileSync(file, renderHtml(r));
    const hostile = await context.newPage();
    const errors: string[] = [];
    hostile.on('pageerror', (e) => errors.push(e.message));
    hostile.on('dialog', (d) => errors.push(`dialog: ${d.message()}`));
    await hostile.goto(pathToFileURL(file).href);
    expect(await hostile.evaluate('window.pwned')).toBeUndefined();
    expect(await hostile.locator('img, iframe').count()).toBe(0);
    expect(await hostile.locator('script').count()).toBe(1);
    expect(await hostile.locator('#role-1-h').textContent()).toContain(`r${evil}`.slice(0, 60));
    expect(errors).toEqual([]);
    await hostile.close();
  });
});
