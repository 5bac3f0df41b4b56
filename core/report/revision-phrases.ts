/**
 * Revision drift in words, shared by the role sections (workload-view.ts) and the weekly
 * drift section (labels.ts `driftPhrases`): what a task-definition revision started or
 * stopped doing. A leaf: it imports only the report schema.
 */
import type { RevisionEntry } from './schema.ts';

/** Formats one piece of input text (an action, a revision, a name) for a renderer. */
export type Item = (text: string) => string;

/**
 * What one revision started or stopped doing, as phrases (none when it did nothing new).
 * `item` formats names (an action, a revision), `text` the dates: both escape for the renderer.
 */
export function revisionPhrases(r: RevisionEntry, item: Item, text: Item = item): string[] {
  const rev = item(r.revision);
  const day = (iso: string) => text(iso.slice(0, 10));
  return [
    ...r.newActions.map((a) => `${rev} first called ${item(a.action)} on ${day(a.firstSeen)}; no earlier revision did`),
    ...r.newDenials.map((d) => `${rev} was denied ${item(d.action)} since it was deployed (first ${day(d.firstSeen)})`),
    ...r.stoppedActions.map((s) => `${rev} no longer calls ${item(s.action)} (${item(s.lastRevision)} did, last ${day(s.lastSeen)})`),
  ];
}
