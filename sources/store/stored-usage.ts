/**
 * Usage aggregates as stored objects: one run's aggregate (gzipped JSON), and a compacted
 * region-day (gzipped: a first line naming the run objects merged into it, then the
 * merged aggregate). A damaged object is a problem for the caller to report, never thrown
 * and never half-merged.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { UsageAggregate } from '../../core/usage/model.ts';
import { parseUsage, serialiseUsage } from '../../core/usage/serialise.ts';

export type ReadUsage = { ok: true; usage: UsageAggregate } | { ok: false; error: string };
export type ReadCompacted = { ok: true; usage: UsageAggregate; compactedFrom: string[] } | { ok: false; error: string };

function gunzipText(body: Buffer): string | undefined {
  try {
    return gunzipSync(body).toString('utf8');
  } catch {
    return undefined;
  }
}

export function encodeUsage(agg: UsageAggregate): Buffer {
  return gzipSync(serialiseUsage(agg));
}

export function decodeUsage(body: Buffer): ReadUsage {
  const text = gunzipText(body);
  if (text === undefined) return { ok: false, error: 'not valid gzip' };
  return parseUsage(text);
}

export function encodeCompacted(agg: UsageAggregate, compactedFrom: readonly string[]): Buffer {
  return gzipSync(`${JSON.stringify({ compactedFrom })}\n${serialiseUsage(agg)}`);
}

export function decodeCompacted(body: Buffer): ReadCompacted {
  const text = gunzipText(body);
  if (text === undefined) return { ok: false, error: 'not valid gzip' };
  const eol = text.indexOf('\n');
  let head: { compactedFrom?: unknown } | undefined;
  try {
    head = eol > 0 ? (JSON.parse(text.slice(0, eol)) as { compactedFrom?: unknown }) : undefined;
  } catch {
    head = undefined;
  }
  const from = head?.compactedFrom;
  if (!Array.isArray(from) || !from.every((k) => typeof k === 'string')) return { ok: false, error: 'no list of compacted objects' };
  const parsed = parseUsage(text.slice(eol + 1));
  return parsed.ok ? { ok: true, usage: parsed.usage, compactedFrom: from as string[] } : parsed;
}
