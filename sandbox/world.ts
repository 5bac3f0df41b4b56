/**
 * What the sandbox keeps for trail mode, beside its core state: other accounts of the
 * Organization (each its own scenario, reached with credentials STS issued for it), the
 * SQS queues, the trail bucket's notifications, the KMS keys the stack may decrypt with,
 * and the Organization itself. Kept on the state under a symbol, so that a per-caller view
 * of the state (see accounts.ts) sees the same world.
 */
import type { Scenario } from './scenario.ts';
import type { SandboxState } from './server.ts';

export interface QueuedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5: string;
  sentAt: number;
  /** Times received so far. */
  receiveCount: number;
  firstReceivedAt?: number;
  /** Invisible until then (received and not yet deleted). */
  visibleAt: number;
}

export interface Queue {
  name: string;
  url: string;
  arn: string;
  /** Seconds a received message stays invisible. */
  visibilityTimeout: number;
  /** Moved to this queue (by ARN) when received more than `maxReceiveCount` times. */
  redrive?: { deadLetterTargetArn: string; maxReceiveCount: number };
  messages: QueuedMessage[];
}

/** An S3 event notification of a bucket: ObjectCreated under `prefix`, ending in `suffix`, to a queue. */
export interface BucketNotification {
  bucket: string;
  prefix: string;
  suffix: string;
  queueArn: string;
}

/** Credentials STS issued: whose they are. */
export interface IssuedCredentials {
  account: string;
  arn: string;
  expiresAt: number;
}

export interface World {
  /** Other accounts, by id: their ECS and IAM answer callers holding credentials for them. */
  accounts: Map<string, Scenario>;
  /** The role name each account lets the stack assume (the member role). */
  memberRoles: Map<string, string>;
  /** Accounts whose member role refuses to be assumed (a trust policy that does not name the stack). */
  denyAssume: Set<string>;
  credentials: Map<string, IssuedCredentials>;
  /** Calls by caller account and signing service (`ecs`, `iam`, `s3`), in order. */
  signedCalls: { account: string; service: string }[];
  organization?: { id: string; accounts: { id: string; name: string; status?: string }[] };
  queues: Map<string, Queue>;
  notifications: BucketNotification[];
  /** KMS key ARNs the stack's credentials may decrypt with (from its template, in the tests that check it). */
  kmsDecrypt: Set<string>;
  /** SSE-KMS key of stored objects, by `bucket/key`. */
  objectKeys: Map<string, string>;
  /** The next N SendMessageBatch entries answer as failed (SQS's partial batch failure). */
  failBatchEntries: number;
}

const WORLD = Symbol('trail-world');

/** The trail-mode world of a sandbox (created on first use). */
export function world(state: SandboxState): World {
  const s = state as SandboxState & { [WORLD]?: World };
  if (!s[WORLD]) {
    s[WORLD] = {
      accounts: new Map(),
      memberRoles: new Map(),
      denyAssume: new Set(),
      credentials: new Map(),
      signedCalls: [],
      queues: new Map(),
      notifications: [],
      kmsDecrypt: new Set(),
      objectKeys: new Map(),
      failBatchEntries: 0,
    };
  }
  return s[WORLD];
}
