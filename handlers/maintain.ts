/** Lambda `maintain` (trail mode, hourly): the watched accounts and their tracked roles, cached for ingest and alert. */
import { maintainDeps } from '../stack/trail-deps.ts';
import { loadConfig } from '../stack/config.ts';
import { runMaintain, type MaintainSummary } from '../stack/maintain.ts';
import { loadTrailConfig } from '../stack/trail-config.ts';

export async function handler(): Promise<MaintainSummary> {
  return runMaintain(maintainDeps(loadConfig(), loadTrailConfig()));
}
