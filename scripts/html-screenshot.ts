/**
 * `npm run html:screenshot`: the README's picture of the HTML report (docs/html-report.png):
 * the sample account's report, from its top to the end of the ranked roles, in Debian's
 * Chromium (`/usr/bin/chromium`) through playwright-core.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { analyzeExport } from '../cli/analyze-export.ts';
import { renderHtml } from '../core/report/html/render.ts';

const out = join(import.meta.dirname, '..', 'docs', 'html-report.png');
const report = await analyzeExport({ input: 'examples/sample-account', now: new Date('2026-11-20T00:00:00Z') });
const file = join(mkdtempSync(join(tmpdir(), 'pd-shot-')), 'report.html');
writeFileSync(file, renderHtml(report));

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'pd-chromium-profile-')), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1200, height: 800 },
});
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(pathToFileURL(file).href);
const bottom = await page.locator('#roles-table').evaluate((t) => t.getBoundingClientRect().bottom + 12);
await page.screenshot({ path: out, clip: { x: 0, y: 0, width: 1200, height: Math.ceil(bottom) }, fullPage: true });
await context.close();
process.stdout.write(`${out}\n`);
