/** Lambda `maintain` (trail mode, hourly): the watched accounts and their tracked roles, cached for ingest and alert; daily compaction. */
import { maintainDeps } from '../stack/trail-deps.ts';
import { loadConfig } from '../stack/config.ts';
import { runMaintain, type MaintainSummary } from '../stack/maintain.ts';
import { loadTrailConfig } from '../stack/trail-config.ts';

interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

export async function handler(_event: unknown, context: LambdaContext): Promise<MaintainSummary> {
  const cfg = loadConfig();
  return runMaintain(maintainDeps(cfg, loadTrailConfig(), () => context.getRemainingTimeInMillis()), cfg.windowDays);
}
