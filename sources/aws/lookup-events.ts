/**
 * CloudTrail `LookupEvents`, live: every management event of one region in a window,
 * newest first, 50 per page, paced by a limiter shared by every caller in the process
 * (2 requests per second per account and region). Throttling and 5xx answers are retried
 * here, through the limiter, with exponential backoff; past `maxRetries` the read stops
 * and says so, and the caller marks the region incomplete.
 *
 * Reads can stop early (`shouldStop`, e.g. a Lambda near its timeout): everything newer
 * than `oldestRead` has been delivered, so the rest of the window is `[start, oldestRead]`.
 */
import { LookupEventsCommand, type CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { describeError } from './clients.ts';
import type { RateLimiter } from './rate-limiter.ts';

export interface LookupProgress {
  pages: number;
  events: number;
  /** Oldest event time delivered so far (events come newest first). */
  oldestRead?: string;
  /** Share of the window covered, from its end backwards, 0..1. */
  fraction: number;
}

export interface LookupResult extends LookupProgress {
  /** The whole window was read. */
  complete: boolean;
  /** Why the read stopped early: `stopped` (asked to) or the error that exhausted retries. */
  stoppedBy?: string;
}

export interface LookupOptions {
  start: Date;
  end: Date;
  limiter: RateLimiter;
  /** Only events with this event source (LookupEvents takes one lookup attribute per call). */
  eventSource?: string;
  onRecord(raw: unknown): void;
  /** A record that could not be parsed (`CloudTrailEvent` not JSON). */
  onSkip?(reason: string): void;
  onPage?(p: LookupProgress): void;
  /** Checked before every page. */
  shouldStop?(): boolean;
  /** Retries of one page after throttling or a 5xx. Default 6. */
  maxRetries?: number;
}

const RETRYABLE = /Throttl|TooManyRequests|RequestLimitExceeded|InternalError|ServiceUnavailable|InternalFailure/i;

/** Throttling, a 5xx, or the connection itself failing (a reset keep-alive socket, a timeout). */
function retryable(e: unknown): boolean {
  const err = e as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (RETRYABLE.test(err.name ?? '') || (err.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return /^(ECONNRESET|EPIPE|ETIMEDOUT|ECONNREFUSED)$/.test(err.code ?? '') || err.name === 'TimeoutError' || /socket hang up/i.test(err.message ?? '');
}

export async function readLookupEvents(client: CloudTrailClient, o: LookupOptions): Promise<LookupResult> {
  const progress: LookupProgress = { pages: 0, events: 0, fraction: 0 };
  const span = Math.max(1, o.end.getTime() - o.start.getTime());
  let token: string | undefined;
  do {
    if (o.shouldStop?.()) return { ...progress, complete: false, stoppedBy: 'stopped' };
    let attempt = 0;
    let page;
    for (;;) {
      await o.limiter.take();
      try {
        page = await client.send(
          new LookupEventsCommand({
            StartTime: o.start,
            EndTime: o.end,
            MaxResults: 50,
            ...(o.eventSource ? { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: o.eventSource }] } : {}),
            ...(token ? { NextToken: token } : {}),
          }),
        );
        break;
      } catch (e) {
        if (!retryable(e) || attempt >= (o.maxRetries ?? 6)) {
          return { ...progress, complete: false, stoppedBy: describeError(e) };
        }
        // The wait happens in the limiter, so every caller of this API and region backs off too.
        o.limiter.backOff(Math.min(20_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2));
        attempt++;
      }
    }
    for (const ev of page.Events ?? []) {
      let raw: unknown;
      try {
        raw = JSON.parse(ev.CloudTrailEvent ?? '');
      } catch {
        o.onSkip?.('invalid-json');
        continue;
      }
      o.onRecord(raw);
      progress.events++;
      if (ev.EventTime) {
        const iso = ev.EventTime.toISOString().slice(0, 19) + 'Z';
        if (!progress.oldestRead || iso < progress.oldestRead) progress.oldestRead = iso;
        progress.fraction = Math.min(1, (o.end.getTime() - ev.EventTime.getTime()) / span);
      }
    }
    progress.pages++;
    token = page.NextToken;
    o.onPage?.(progress);
  } while (token);
  progress.fraction = 1;
  return { ...progress, complete: true };
}
