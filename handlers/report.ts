/** Lambda `report` (weekly): merged usage × current grants → archived report in S3 and a summary on SNS. */
import { reportDeps } from '../stack/aws-deps.ts';
import { loadConfig } from '../stack/config.ts';
import { runReport, type ReportSummary } from '../stack/report.ts';

export async function handler(): Promise<ReportSummary> {
  const cfg = loadConfig();
  return runReport(cfg, await reportDeps(cfg));
}
