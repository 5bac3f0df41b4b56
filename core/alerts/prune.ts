/**
 * Alert state is rewritten by every `collect` run: entries for denials that stopped are
 * dropped once nothing can refer to them any more, so the state does not grow forever.
 * An entry is kept while a new denial would still be suppressed by it (the suppression
 * window since its last alert) and while a re-read could still bring back the events it
 * remembers (the longest re-read window since they were last seen).
 */
import type { AlertState } from './plan.ts';

export interface PruneOptions {
  /** The suppression window. */
  suppressionMs: number;
  /** The longest span a later run re-reads (the daily reconciliation window). */
  rereadMs: number;
}

/** The state without entries last seen and last alerted longer ago than both windows. */
export function pruneAlertState(state: AlertState, now: string, o: PruneOptions): { state: AlertState; pruned: number } {
  const t = Date.parse(now);
  const keepMs = Math.max(o.suppressionMs, o.rereadMs);
  const entries: AlertState['entries'] = {};
  let pruned = 0;
  for (const [key, entry] of Object.entries(state.entries)) {
    const last = Math.max(Date.parse(entry.lastSeen) || 0, Date.parse(entry.lastAlertAt ?? '') || 0);
    if (t - last > keepMs) pruned++;
    else entries[key] = entry;
  }
  return { state: { version: 1, entries }, pruned };
}
