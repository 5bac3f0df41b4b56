/** Lambda `alert` (trail mode, EventBridge): a tracked role's denied call → an access-denied alert on SNS, within seconds. */
import { alertDeps } from '../stack/trail-deps.ts';
import { runAlert, type AlertSummary } from '../stack/alert.ts';
import { loadConfig } from '../stack/config.ts';
import type { CloudTrailEvent } from '../sources/trail/event-record.ts';

export async function handler(event: CloudTrailEvent): Promise<AlertSummary> {
  const cfg = loadConfig();
  return runAlert(cfg, await alertDeps(cfg), event);
}
