/** What a `collect` run needs from the world: built from configuration by aws-deps.ts, from the sandbox in tests. */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { Catalog } from '../core/catalog/catalog.ts';
import type { SnsMessage } from '../core/report/alert-message.ts';
import type { TaskSnapshot } from '../sources/aws/ecs-tasks.ts';
import type { RateLimiter } from '../sources/aws/rate-limiter.ts';
import type { StackStore, TrackedRoles } from '../sources/store/stack-store.ts';

export interface CollectDeps {
  store: StackStore;
  catalog: Catalog;
  /** Tracked roles after scope; grants are not needed here. */
  trackedRoles(): Promise<TrackedRoles>;
  cloudTrail(region: string): CloudTrailClient;
  limiter(region: string): RateLimiter;
  /** Publish one message (paced: SNS e-mail subscriptions take at most 10 a second). */
  publish(message: SnsMessage): Promise<void>;
  now(): number;
  /** Milliseconds left before the function is stopped. */
  remainingMs(): number;
  runId: string;
  /** For the checkpoint-age metric's dimension. */
  functionName: string;
  /** A snapshot of the ECS tasks running now and stopped within the hour (sources/aws/ecs-tasks.ts); absent: none is taken. */
  taskSnapshot?(): Promise<TaskSnapshot>;
  log(message: string, data?: Record<string, unknown>): void;
  /** Print a document on its own log line (CloudWatch embedded metric format). */
  emit(doc: Record<string, unknown>): void;
}
