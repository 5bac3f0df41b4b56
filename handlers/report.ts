/** Lambda `report` (weekly): merged usage × current grants → archived report in S3 and a summary on SNS (trail mode: one per watched account, one message, org-report.ts). */
import { reportDeps } from '../stack/aws-deps.ts';
import { loadConfig } from '../stack/config.ts';
import { runReport, type ReportSummary } from '../stack/report.ts';
import type { OrgReportSummary } from '../stack/org-report.ts';
import { loadTrailConfig } from '../stack/trail-config.ts';
import { handler as orgReport } from './org-report.ts';

export async function handler(): Promise<ReportSummary | OrgReportSummary> {
  if (loadTrailConfig().collectFrom === 'trail') return orgReport();
  const cfg = loadConfig();
  return runReport(cfg, await reportDeps(cfg));
}
