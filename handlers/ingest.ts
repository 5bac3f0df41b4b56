/** Lambda `ingest` (trail mode, SQS): each new CloudTrail log file → its account's usage aggregate; failed messages back to the queue. */
import { ingestDeps } from '../stack/trail-deps.ts';
import { loadConfig } from '../stack/config.ts';
import { runIngest, type SqsRecord } from '../stack/ingest.ts';
import { loadTrailConfig } from '../stack/trail-config.ts';

export async function handler(event: { Records: SqsRecord[] }): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const cfg = loadConfig();
  const out = await runIngest(loadTrailConfig(), await ingestDeps(cfg), event);
  return { batchItemFailures: out.batchItemFailures };
}
