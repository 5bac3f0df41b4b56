/** Lambda `collect` (every 15 minutes): CloudTrail since the checkpoint → usage aggregate → S3; access-denied alerts → SNS. */
import { randomUUID } from 'node:crypto';
import { collectDeps } from '../stack/aws-deps.ts';
import { runCollect, type CollectSummary } from '../stack/collect.ts';
import { loadConfig } from '../stack/config.ts';

interface LambdaContext {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
}

export async function handler(_event: unknown, context: LambdaContext): Promise<CollectSummary> {
  const cfg = loadConfig();
  const deps = await collectDeps(cfg, () => context.getRemainingTimeInMillis(), context.awsRequestId ?? randomUUID());
  return runCollect(cfg, deps);
}
