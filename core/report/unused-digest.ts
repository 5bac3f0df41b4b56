/**
 * A role's unused actions by service, short enough to read when the role is granted almost
 * everything: a role granted `*` has unused actions in some 400 services, which one line per
 * service turns into pages per role and tens of megabytes for 200 such roles. Past
 * `LISTED_SERVICES` services, the riskiest are still listed one per line and the rest are
 * named in a few lines: the services where every granted action is unused, then those where
 * some are. Nothing is lost: the counts add up to the role's unused total, the JSON report
 * keeps every entry and the verbose text lists each one.
 */
import { serviceOf } from '../catalog/service-of.ts';
import type { RoleReport } from './schema.ts';
import type { ServiceSummary } from './view.ts';

/** Services listed one per line before the rest are summarised. */
export const LISTED_SERVICES = 12;

/** How many granted-but-not-unused actions a line names ("all but …") before it gives examples instead. */
export const MAX_EXCEPTIONS = 3;

export interface ServiceDigest extends ServiceSummary {
  /** Actions of the service the role is granted: unused + used (granted) + not observable. */
  granted: number;
  /** The granted actions of the service that are not unused (used or not observable), when at most `MAX_EXCEPTIONS`. */
  except?: string[];
}

export interface UnusedDigest {
  /** More services than `LISTED_SERVICES`: the list is summarised. */
  compressed: boolean;
  /** Services listed one per line, riskiest first (every service when not compressed). */
  listed: ServiceDigest[];
  /** The rest, by name, whose every granted action is unused. */
  whollyUnused: ServiceDigest[];
  /** The rest, by name, with some granted actions used or not observable. */
  partlyUnused: ServiceDigest[];
}

/** Granted actions that are not unused (used and granted, or not observable), by service. */
function keptByService(role: RoleReport): Map<string, string[]> {
  const kept = new Map<string, string[]>();
  const add = (action: string) => {
    const s = serviceOf(action);
    const list = kept.get(s);
    if (list) list.push(action);
    else kept.set(s, [action]);
  };
  for (const u of role.used) if (u.granted) add(u.action);
  for (const n of role.notObservable) add(n.action);
  return kept;
}

/** The digest of a role's unused actions; `services` is `unusedByService(role.unused)` (riskiest first). */
export function unusedDigest(role: RoleReport, services: readonly ServiceSummary[]): UnusedDigest {
  const kept = keptByService(role);
  // Plain loops and object literals: with spreads this took ~1.3 ms a role granted `*`
  // (454 services), more than rendering its lines; now ~0.2 ms.
  const digest: ServiceDigest[] = [];
  for (const s of services) {
    const others = kept.get(s.service);
    const d: ServiceDigest = { service: s.service, total: s.total, byLevel: s.byLevel, examples: s.examples, granted: s.total + (others?.length ?? 0) };
    if (!others) d.except = [];
    else if (others.length <= MAX_EXCEPTIONS) d.except = [...others].sort();
    digest.push(d);
  }
  if (digest.length <= LISTED_SERVICES) return { compressed: false, listed: digest, whollyUnused: [], partlyUnused: [] };
  const rest = digest.slice(LISTED_SERVICES).sort(byService);
  const whollyUnused: ServiceDigest[] = [];
  const partlyUnused: ServiceDigest[] = [];
  for (const s of rest) (s.total === s.granted ? whollyUnused : partlyUnused).push(s);
  return { compressed: true, listed: digest.slice(0, LISTED_SERVICES), whollyUnused, partlyUnused };
}

const byService = (a: ServiceDigest, b: ServiceDigest) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0);

/** Lay out `items` joined by `, ` in lines of at most `width` characters (an item longer than that gets a line of its own). */
export function wrapList(items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (line && next.length + 1 > width) {
      lines.push(`${line},`);
      line = item;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}
