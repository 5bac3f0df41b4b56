/**
 * Lambda `collect` (every 15 minutes): CloudTrail since the checkpoint → usage aggregate → S3;
 * access-denied alerts → SNS. In trail mode the trail arrives through `ingest` and `alert`,
 * and this tick keeps the watched accounts' inventories fresh and compacts (maintain.ts).
 */
import { randomUUID } from 'node:crypto';
import { collectDeps } from '../stack/aws-deps.ts';
import { runCollect, type CollectSummary } from '../stack/collect.ts';
import { loadConfig } from '../stack/config.ts';
import { loadTrailConfig } from '../stack/trail-config.ts';
import { handler as maintain } from './maintain.ts';
import type { MaintainSummary } from '../stack/maintain.ts';

interface LambdaContext {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
}

export async function handler(event: unknown, context: LambdaContext): Promise<CollectSummary | MaintainSummary> {
  if (loadTrailConfig().collectFrom === 'trail') return maintain(event, context);
  const cfg = loadConfig();
  const deps = await collectDeps(cfg, () => context.getRemainingTimeInMillis(), context.awsRequestId ?? randomUUID());
  return runCollect(cfg, deps);
}
