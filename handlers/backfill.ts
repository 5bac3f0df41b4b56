/**
 * Lambda `backfill` (trail mode): the existing log files of the last days on the ingest
 * queue. Invoked once at deploy by a custom resource (answered at once, so the deployment
 * never waits on it), or by hand with `{"days": 30}`.
 */
import { answerCustomResource, isCustomResourceEvent } from '../stack/custom-resource.ts';
import { backfillDeps } from '../stack/trail-deps.ts';
import { runBackfill } from '../stack/backfill.ts';
import { loadConfig } from '../stack/config.ts';
import { loadTrailConfig } from '../stack/trail-config.ts';
import type { BackfillState } from '../sources/store/trail-state.ts';

interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

export async function handler(event: unknown, context: LambdaContext): Promise<BackfillState | undefined> {
  const run = () => {
    const cfg = loadConfig();
    const t = loadTrailConfig();
    const days = Number((event as { days?: unknown } | null)?.days ?? t.backfillDays);
    return runBackfill(t, backfillDeps(cfg, t, () => context.getRemainingTimeInMillis()), Number.isInteger(days) && days > 0 ? days : t.backfillDays);
  };
  if (!isCustomResourceEvent(event)) return run();
  await answerCustomResource(event, 'SUCCESS', 'backfill started (progress: state/backfill.json)', event.PhysicalResourceId ?? 'policy-drift-backfill');
  return event.RequestType === 'Create' ? run() : undefined;
}
