/**
 * SQS on AWS JSON 1.0, as the current SDK speaks it (`X-Amz-Target: AmazonSQS.<Op>`,
 * `application/x-amz-json-1.0`, the query-compatible error header): SendMessage,
 * SendMessageBatch (10 entries, 256 KiB, distinct ids, partial failures), ReceiveMessage,
 * DeleteMessage(Batch), ChangeMessageVisibility, GetQueueAttributes, GetQueueUrl. Bodies
 * carry their MD5, which the SDK checks. Visibility, receive counts and the redrive to a
 * dead-letter queue run on the sandbox's clock.
 *
 * `deliverToLambda` plays Lambda's event source mapping: a batch of visible messages as
 * an SQS event in Lambda's `Records[]` shape, `batchItemFailures` honoured (the rest are
 * deleted), a thrown error failing the whole batch, a message received more than
 * `maxReceiveCount` times moved to the dead-letter queue.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { enter, type Sandbox, type SandboxState } from './server.ts';
import { world, type Queue, type QueuedMessage } from './world.ts';

type Json = Record<string, unknown>;

/** An SQS error: JSON 1.0 `__type`, and the Query code older clients read from a header. */
export class SqsError extends Error {
  constructor(
    readonly type: string,
    readonly queryCode: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

const MAX_MESSAGE_BYTES = 262_144;
const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

export interface QueueOptions {
  /** Name of the dead-letter queue (created alongside) and how many receives before a message moves there. */
  deadLetter?: { name: string; maxReceiveCount: number };
  /** Seconds. Default 30. */
  visibilityTimeout?: number;
}

function makeQueue(sb: Sandbox, name: string, visibilityTimeout: number): Queue {
  const account = sb.state.scenario.accountId;
  return { name, url: `${sb.url}/${account}/${name}`, arn: `arn:aws:sqs:${sb.state.scenario.region}:${account}:${name}`, visibilityTimeout, messages: [] };
}

/** Create a queue (and its dead-letter queue); returns the queue. */
export function createQueue(sb: Sandbox, name: string, o: QueueOptions = {}): Queue {
  const w = world(sb.state);
  const q = makeQueue(sb, name, o.visibilityTimeout ?? 30);
  if (o.deadLetter) {
    const dlq = makeQueue(sb, o.deadLetter.name, 30);
    w.queues.set(dlq.url, dlq);
    q.redrive = { deadLetterTargetArn: dlq.arn, maxReceiveCount: o.deadLetter.maxReceiveCount };
  }
  w.queues.set(q.url, q);
  return q;
}

export function queueByArn(state: SandboxState, arn: string): Queue | undefined {
  return [...world(state).queues.values()].find((q) => q.arn === arn);
}

function queueOf(state: SandboxState, url: unknown): Queue {
  const q = typeof url === 'string' ? world(state).queues.get(url) : undefined;
  if (!q) throw new SqsError('com.amazonaws.sqs#QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
  return q;
}

/** Put a message on a queue (what SendMessage does, and what S3 does for a notification). */
export function enqueue(state: SandboxState, q: Queue, body: string): QueuedMessage {
  if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) throw new SqsError('com.amazonaws.sqs#InvalidParameterValue', 'InvalidParameterValue', 'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.');
  const m: QueuedMessage = { messageId: randomUUID(), receiptHandle: '', body, md5: md5(body), sentAt: state.clock.now(), receiveCount: 0, visibleAt: state.clock.now() };
  q.messages.push(m);
  return m;
}

function sendBatch(state: SandboxState, req: Json): Json {
  const q = queueOf(state, req.QueueUrl);
  const entries = (req.Entries as { Id: string; MessageBody: string }[] | undefined) ?? [];
  if (entries.length === 0) throw new SqsError('com.amazonaws.sqs#EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest', 'There should be at least one SendMessageBatchRequestEntry in the request.');
  if (entries.length > 10) throw new SqsError('com.amazonaws.sqs#TooManyEntriesInBatchRequest', 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 'Maximum number of entries per request are 10.');
  if (new Set(entries.map((e) => e.Id)).size !== entries.length) throw new SqsError('com.amazonaws.sqs#BatchEntryIdsNotDistinct', 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 'Two or more batch entries in the request have the same Id.');
  const total = entries.reduce((n, e) => n + Buffer.byteLength(e.MessageBody ?? ''), 0);
  if (total > MAX_MESSAGE_BYTES) throw new SqsError('com.amazonaws.sqs#BatchRequestTooLong', 'AWS.SimpleQueueService.BatchRequestTooLong', 'Batch requests cannot be longer than 262144 bytes.');
  const w = world(state);
  const Successful: Json[] = [];
  const Failed: Json[] = [];
  for (const e of entries) {
    if (w.failBatchEntries > 0) {
      w.failBatchEntries--;
      Failed.push({ Id: e.Id, SenderFault: false, Code: 'InternalError', Message: 'We encountered an internal error. Please try again.' });
      continue;
    }
    const m = enqueue(state, q, e.MessageBody);
    Successful.push({ Id: e.Id, MessageId: m.messageId, MD5OfMessageBody: m.md5 });
  }
  return { Successful, Failed };
}

/** Visible messages to receive now; those past their receive limit move to the dead-letter queue instead. */
function receivable(state: SandboxState, q: Queue, max: number): QueuedMessage[] {
  const now = state.clock.now();
  const out: QueuedMessage[] = [];
  for (const m of [...q.messages]) {
    if (out.length >= max) break;
    if (m.visibleAt > now) continue;
    if (q.redrive && m.receiveCount >= q.redrive.maxReceiveCount) {
      q.messages.splice(q.messages.indexOf(m), 1);
      const dlq = queueByArn(state, q.redrive.deadLetterTargetArn);
      dlq?.messages.push({ ...m, receiveCount: 0, visibleAt: now });
      continue;
    }
    m.receiveCount++;
    m.firstReceivedAt ??= now;
    m.receiptHandle = randomUUID();
    m.visibleAt = now + q.visibilityTimeout * 1000;
    out.push(m);
  }
  return out;
}

/** Receive up to `max` messages, as ReceiveMessage does. */
export function receive(state: SandboxState, q: Queue, max: number): QueuedMessage[] {
  return receivable(state, q, max);
}

function deleteByHandle(q: Queue, handle: unknown): boolean {
  const i = q.messages.findIndex((m) => m.receiptHandle === handle);
  if (i >= 0) q.messages.splice(i, 1);
  return i >= 0;
}

function attributes(state: SandboxState, q: Queue): Record<string, string> {
  const now = state.clock.now();
  return {
    QueueArn: q.arn,
    ApproximateNumberOfMessages: String(q.messages.filter((m) => m.visibleAt <= now).length),
    ApproximateNumberOfMessagesNotVisible: String(q.messages.filter((m) => m.visibleAt > now).length),
    VisibilityTimeout: String(q.visibilityTimeout),
    ...(q.redrive ? { RedrivePolicy: JSON.stringify(q.redrive) } : {}),
  };
}

function operate(state: SandboxState, op: string, req: Json): Json {
  switch (op) {
    case 'SendMessage': {
      const m = enqueue(state, queueOf(state, req.QueueUrl), String(req.MessageBody ?? ''));
      return { MessageId: m.messageId, MD5OfMessageBody: m.md5 };
    }
    case 'SendMessageBatch':
      return sendBatch(state, req);
    case 'ReceiveMessage': {
      const got = receivable(state, queueOf(state, req.QueueUrl), Math.min(Number(req.MaxNumberOfMessages ?? 1), 10));
      return { Messages: got.map((m) => ({ MessageId: m.messageId, ReceiptHandle: m.receiptHandle, MD5OfBody: m.md5, Body: m.body, Attributes: { ApproximateReceiveCount: String(m.receiveCount), SentTimestamp: String(m.sentAt) } })) };
    }
    case 'DeleteMessage':
      deleteByHandle(queueOf(state, req.QueueUrl), req.ReceiptHandle);
      return {};
    case 'DeleteMessageBatch': {
      const q = queueOf(state, req.QueueUrl);
      const entries = (req.Entries as { Id: string; ReceiptHandle: string }[] | undefined) ?? [];
      for (const e of entries) deleteByHandle(q, e.ReceiptHandle);
      return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
    }
    case 'ChangeMessageVisibility': {
      const m = queueOf(state, req.QueueUrl).messages.find((x) => x.receiptHandle === req.ReceiptHandle);
      if (m) m.visibleAt = state.clock.now() + Number(req.VisibilityTimeout ?? 0) * 1000;
      return {};
    }
    case 'GetQueueAttributes':
      return { Attributes: attributes(state, queueOf(state, req.QueueUrl)) };
    case 'GetQueueUrl': {
      const q = [...world(state).queues.values()].find((x) => x.name === req.QueueName);
      if (!q) throw new SqsError('com.amazonaws.sqs#QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
      return { QueueUrl: q.url };
    }
  }
  throw new SqsError('com.amazonaws.sqs#UnsupportedOperation', 'AWS.SimpleQueueService.UnsupportedOperation', `SQS ${op} is not served by the sandbox`);
}

/** Answer one SQS request, errors included (in JSON 1.0's shape, with the query-compatible code). */
export function handleSqs(state: SandboxState, op: string, body: Buffer, res: ServerResponse): void {
  try {
    enter(state, `SQS.${op}`);
    const out = operate(state, op, body.length ? (JSON.parse(body.toString('utf8')) as Json) : {});
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
    res.end(JSON.stringify(out));
  } catch (e) {
    const err = e instanceof SqsError ? e : new SqsError('com.amazonaws.sqs#InternalError', 'InternalError', (e as Error).message, 500);
    res.writeHead(err.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID(), 'x-amzn-query-error': `${err.queryCode};${err.status >= 500 ? 'Receiver' : 'Sender'}` });
    res.end(JSON.stringify({ __type: err.type, message: err.message }));
  }
}

/** One record of Lambda's SQS event. */
export interface SqsEventRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, unknown>;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

export type SqsHandler = (event: { Records: SqsEventRecord[] }) => Promise<{ batchItemFailures?: { itemIdentifier: string }[] } | void>;

function eventRecord(state: SandboxState, q: Queue, m: QueuedMessage): SqsEventRecord {
  return {
    messageId: m.messageId,
    receiptHandle: m.receiptHandle,
    body: m.body,
    attributes: { ApproximateReceiveCount: String(m.receiveCount), SentTimestamp: String(m.sentAt), SenderId: 'AIDASANDBOX', ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt) },
    messageAttributes: {},
    md5OfBody: m.md5,
    eventSource: 'aws:sqs',
    eventSourceARN: q.arn,
    awsRegion: state.scenario.region,
  };
}

export interface DeliveryOptions {
  batchSize?: number;
  /** Shuffle each batch (SQS standard queues do not keep order). */
  random?: () => number;
  /** Chance that a delivered message is also delivered in the next batch again, as SQS's at-least-once delivery may. */
  duplicateChance?: number;
  /** Stop after this many invocations. Default: until the queue is empty or nothing is visible. */
  maxInvocations?: number;
}

export interface DeliveryStats {
  invocations: number;
  delivered: number;
  failed: number;
}

/**
 * Lambda's event source mapping over `q`: invoke `handler` with batches of visible
 * messages until none is visible, deleting what succeeded. Failed messages come back
 * after the visibility timeout (advance the clock to see them again).
 */
export async function deliverToLambda(state: SandboxState, q: Queue, handler: SqsHandler, o: DeliveryOptions = {}): Promise<DeliveryStats> {
  const stats: DeliveryStats = { invocations: 0, delivered: 0, failed: 0 };
  let again: QueuedMessage[] = [];
  for (;;) {
    if (o.maxInvocations !== undefined && stats.invocations >= o.maxInvocations) break;
    const batch = [...again, ...receivable(state, q, Math.max(0, (o.batchSize ?? 10) - again.length))];
    again = [];
    if (batch.length === 0) break;
    if (o.random) batch.sort(() => o.random!() - 0.5);
    const records = batch.map((m) => eventRecord(state, q, m));
    stats.invocations++;
    stats.delivered += records.length;
    let failedIds: Set<string>;
    try {
      const out = await handler({ Records: records });
      failedIds = new Set((out?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failedIds = new Set(records.map((r) => r.messageId));
    }
    stats.failed += failedIds.size;
    for (const m of batch) {
      if (failedIds.has(m.messageId)) continue;
      // At-least-once: a message may be delivered again before its deletion takes effect.
      if (o.duplicateChance && o.random && o.random() < o.duplicateChance) again.push({ ...m });
      deleteByHandle(q, m.receiptHandle);
    }
  }
  return stats;
}
