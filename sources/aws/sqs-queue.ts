/**
 * The ingest queue from the sending side: messages sent ten to a `SendMessageBatch` call
 * (SQS's limit, and 256 KiB a call), entries SQS reports as failed sent again, and the
 * queue's depth for progress (`GetQueueAttributes`).
 */
import { GetQueueAttributesCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';

const BATCH_ENTRIES = 10;
const BATCH_BYTES = 262_144;
/** Rounds of resending entries SQS failed, before giving up on them. */
const RESEND_ROUNDS = 5;

/** Groups of bodies that fit one SendMessageBatch call. */
export function batchesOf(bodies: readonly string[]): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  let bytes = 0;
  for (const b of bodies) {
    const n = Buffer.byteLength(b);
    if (cur.length === BATCH_ENTRIES || (cur.length > 0 && bytes + n > BATCH_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(b);
    bytes += n;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Send every body; resolves with how many were sent and the ones SQS kept refusing (with why). */
export async function sendAll(client: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<{ sent: number; failed: { body: string; error: string }[] }> {
  let sent = 0;
  const failed: { body: string; error: string }[] = [];
  for (const batch of batchesOf(bodies)) {
    let pending = batch.map((body, i) => ({ id: String(i), body, error: '' }));
    for (let round = 0; round < RESEND_ROUNDS && pending.length; round++) {
      const out = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending.map((p) => ({ Id: p.id, MessageBody: p.body })) }));
      sent += out.Successful?.length ?? 0;
      const errors = new Map((out.Failed ?? []).map((f) => [f.Id, `${f.Code}: ${f.Message ?? ''}`]));
      // A sender fault (a malformed entry) will not pass on a retry.
      const senderFaults = new Set((out.Failed ?? []).filter((f) => f.SenderFault).map((f) => f.Id));
      for (const p of pending) if (senderFaults.has(p.id)) failed.push({ body: p.body, error: errors.get(p.id)! });
      pending = pending.filter((p) => errors.has(p.id) && !senderFaults.has(p.id)).map((p) => ({ ...p, error: errors.get(p.id)! }));
    }
    failed.push(...pending.map((p) => ({ body: p.body, error: p.error })));
  }
  return { sent, failed };
}

/** Messages waiting and in flight on a queue. */
export async function queueDepth(client: SQSClient, queueUrl: string): Promise<{ waiting: number; inFlight: number }> {
  const out = await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  const a = out.Attributes ?? {};
  return { waiting: Number(a.ApproximateNumberOfMessages ?? 0), inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) };
}
