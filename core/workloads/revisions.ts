/**
 * Revision drift: what a task-definition revision did that the earlier revisions of its
 * family, seen in the same window, never did (a deploy that started calling
 * `s3:DeleteObject`, or started being refused something), and what the family's newest
 * revision no longer does. "Earlier" is by revision number. Only revisions whose tasks
 * made calls are compared: an earlier revision that ran outside the window is not known,
 * so the first revision seen has nothing to differ from.
 */
import type { DenialCause } from '../model.ts';
import type { RevisionEntry } from '../report/schema.ts';
import type { RevisionUse } from './attribute.ts';

/** The action and cause of a denial key (`action|cause|errorCode`). */
export function denialKeyParts(key: string): { action: string; cause: DenialCause } {
  const [action, cause] = key.split('|') as [string, DenialCause];
  return { action, cause };
}

function span(r: RevisionUse): { firstSeen: string; lastSeen: string } {
  let firstSeen = '';
  let lastSeen = '';
  for (const c of [...r.actions.values(), ...r.denied.values()]) {
    if (!firstSeen || c.firstSeen < firstSeen) firstSeen = c.firstSeen;
    if (c.lastSeen > lastSeen) lastSeen = c.lastSeen;
  }
  return { firstSeen, lastSeen };
}

/** Per action, the last revision (by number) that called it among `earlier`, and when. */
function lastCallers(earlier: readonly RevisionUse[]): Map<string, { lastSeen: string; lastRevision: string }> {
  const out = new Map<string, { lastSeen: string; lastRevision: string }>();
  for (const r of earlier) for (const [action, c] of r.actions) out.set(action, { lastSeen: c.lastSeen, lastRevision: r.revision });
  return out;
}

/** One family's revisions, oldest first, each compared with those before it. */
function familyEntries(revs: readonly RevisionUse[]): RevisionEntry[] {
  const out: RevisionEntry[] = [];
  const calledBefore = new Set<string>();
  const deniedBefore = new Set<string>();
  revs.forEach((r, i) => {
    const isFirst = i === 0;
    const newActions = isFirst ? [] : [...r.actions].filter(([a]) => !calledBefore.has(a)).map(([action, c]) => ({ action, firstSeen: c.firstSeen }));
    const newDenials = isFirst
      ? []
      : [...r.denied].filter(([k]) => !deniedBefore.has(denialKeyParts(k).action + '|' + denialKeyParts(k).cause)).map(([k, c]) => ({ ...denialKeyParts(k), firstSeen: c.firstSeen }));
    const isNewest = i === revs.length - 1;
    const stoppedActions = isNewest && !isFirst ? [...lastCallers(revs.slice(0, i))].filter(([a]) => !r.actions.has(a)).map(([action, last]) => ({ action, ...last })) : [];
    out.push({
      revision: r.revision,
      family: r.family,
      ...(r.firstTask ? { firstTask: r.firstTask } : {}),
      ...span(r),
      tasks: r.tasks.size,
      newActions: newActions.sort((a, b) => (a.firstSeen < b.firstSeen ? -1 : a.firstSeen > b.firstSeen ? 1 : a.action < b.action ? -1 : 1)),
      newDenials: newDenials.sort((a, b) => (a.action < b.action ? -1 : 1)),
      stoppedActions: stoppedActions.sort((a, b) => (a.action < b.action ? -1 : 1)),
    });
    for (const a of r.actions.keys()) calledBefore.add(a);
    for (const k of r.denied.keys()) deniedBefore.add(denialKeyParts(k).action + '|' + denialKeyParts(k).cause);
  });
  return out;
}

/** Every revision seen, by family (alphabetical) then revision number, with its drift from the earlier ones. */
export function revisionEntries(revisions: Iterable<RevisionUse>): RevisionEntry[] {
  const byFamily = new Map<string, RevisionUse[]>();
  for (const r of revisions) {
    const list = byFamily.get(r.family) ?? [];
    list.push(r);
    byFamily.set(r.family, list);
  }
  return [...byFamily.keys()].sort().flatMap((f) => familyEntries(byFamily.get(f)!.sort((a, b) => a.number - b.number)));
}

/** Does this revision differ from the earlier ones: a new action or denial, or actions its family's newest revision stopped? */
export function hasRevisionDrift(r: RevisionEntry): boolean {
  return r.newActions.length > 0 || r.newDenials.length > 0 || r.stoppedActions.length > 0;
}
