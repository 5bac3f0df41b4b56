/** Lambda `report` in trail mode (weekly): each watched account's report archived, one message for the Organization on SNS. */
import { orgReportDeps } from '../stack/trail-deps.ts';
import { loadConfig } from '../stack/config.ts';
import { runOrgReport, type OrgReportSummary } from '../stack/org-report.ts';
import { loadTrailConfig } from '../stack/trail-config.ts';

export async function handler(): Promise<OrgReportSummary> {
  const cfg = loadConfig();
  const t = loadTrailConfig();
  return runOrgReport(cfg, t, await orgReportDeps(cfg, t));
}
