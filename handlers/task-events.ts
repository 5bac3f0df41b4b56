/** Lambda `taskEvents` (EventBridge, ECS Task State Change): the task's facts → S3, for attributing its sessions to its workload. */
import { s3Client } from '../sources/aws/clients.ts';
import { S3Store } from '../sources/store/s3-store.ts';
import { loadConfig } from '../stack/config.ts';
import { accountObjects, recordTaskEvent, type TaskEventOutcome } from '../stack/task-events.ts';

export async function handler(event: unknown): Promise<TaskEventOutcome> {
  const cfg = loadConfig();
  // Trail mode (the only mode that deploys this function): each watched account's objects under its prefix.
  const outcome = await recordTaskEvent(accountObjects(new S3Store(s3Client({ region: cfg.homeRegion }), cfg.bucket)), event);
  console.log(JSON.stringify({ level: 'info', message: 'task event', ...outcome }));
  return outcome;
}
