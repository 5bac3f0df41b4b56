/**
 * Usage aggregates as stored objects (JSON; the store gzips). `parseUsage` checks the
 * shape before anything trusts it: a damaged object is reported and skipped by the
 * caller, never half-merged.
 */
import type { UsageAggregate } from './model.ts';
import { visibilityProblem } from './visibility.ts';

/** The stored form of an aggregate (JSON). */
export function serialiseUsage(agg: UsageAggregate): string {
  return JSON.stringify(agg);
}

export type ParsedUsage = { ok: true; usage: UsageAggregate } | { ok: false; error: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isStrList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isEventSet = (v: unknown) => isObj(v) && isNumList(v.keys) && typeof v.firstSeen === 'string' && typeof v.lastSeen === 'string';
const isSample = (v: unknown) => isObj(v) && isStrList(v.arns) && typeof v.overflow === 'boolean';
const isKinds = (v: unknown) => isObj(v) && typeof v.readOnly === 'boolean' && typeof v.write === 'boolean';
const isCounts = (v: unknown) => isObj(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n));

/** Is this a role's per-session detail (`SessionDetail`): session records of event sets, a numeric cutoff? */
function isSessionDetail(v: unknown): boolean {
  if (!isObj(v) || !isObj(v.sessions) || (v.cutoff !== undefined && !(typeof v.cutoff === 'number' && Number.isFinite(v.cutoff)))) return false;
  return Object.values(v.sessions).every(
    (s) =>
      isObj(s) &&
      isObj(s.actions) &&
      Object.values(s.actions).every((a) => isEventSet(a) && ((a as Record<string, unknown>).resources === undefined || isSample((a as Record<string, unknown>).resources))) &&
      (s.denied === undefined || (isObj(s.denied) && Object.values(s.denied).every(isEventSet))),
  );
}

/** The optional parts of a role written since (possibly needed actions, principal IDs, per-session detail), when present. */
function roleExtrasProblem(key: string, role: Record<string, unknown>): string | undefined {
  if (role.principalIds !== undefined && !isStrList(role.principalIds)) return `role ${key}: malformed principalIds`;
  if (role.bySession !== undefined && !isSessionDetail(role.bySession)) return `role ${key}: malformed bySession`;
  if (role.possible === undefined) return undefined;
  if (!isObj(role.possible)) return `role ${key}: malformed possible`;
  for (const [a, u] of Object.entries(role.possible)) {
    if (!isEventSet(u) || !isStrList((u as Record<string, unknown>).operations)) return `role ${key}, possible ${a}: malformed`;
  }
  return undefined;
}

/** The optional parts of an aggregate written since (data-event kinds and containers, operation kinds, cut strings), when present. */
function extrasProblem(v: Record<string, unknown>): string | undefined {
  if (v.dataSeen !== undefined && !(isObj(v.dataSeen) && Object.values(v.dataSeen).every(isKinds))) return 'malformed dataSeen';
  if (v.managementSeen !== undefined && !isKinds(v.managementSeen)) return 'malformed managementSeen';
  const visibility = visibilityProblem(v);
  if (visibility) return visibility;
  if (!isCounts((v.input as Record<string, unknown>).skipped)) return 'malformed input.skipped';
  if ((v.input as Record<string, unknown>).truncated !== undefined && !isCounts((v.input as Record<string, unknown>).truncated)) return 'malformed input.truncated';
  return undefined;
}

/** A stored aggregate, checked for shape before anything trusts it; a damaged one says what is wrong. */
export function parseUsage(text: string): ParsedUsage {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not valid JSON' };
  }
  if (!isObj(v) || v.schemaVersion !== 1) return { ok: false, error: 'not a schemaVersion 1 usage aggregate' };
  if (!isObj(v.input) || !isObj(v.roles) || !isObj(v.span) || !isStrList(v.dataEventServices) || !isStrList(v.regions)) {
    return { ok: false, error: 'missing input, roles, span, dataEventServices or regions' };
  }
  for (const [key, role] of Object.entries(v.roles)) {
    if (!isObj(role) || !isObj(role.actions) || !isObj(role.denied) || !isObj(role.unmapped)) return { ok: false, error: `role ${key}: malformed` };
    for (const [a, u] of Object.entries(role.actions)) {
      if (!isEventSet(u) || !isNumList((u as Record<string, unknown>).sessions) || !isSample((u as Record<string, unknown>).resources)) {
        return { ok: false, error: `role ${key}, action ${a}: malformed` };
      }
    }
    for (const [d, u] of Object.entries(role.denied)) {
      if (!isEventSet(u) || typeof (u as Record<string, unknown>).action !== 'string' || !isSample((u as Record<string, unknown>).resources)) {
        return { ok: false, error: `role ${key}, denial ${d}: malformed` };
      }
    }
    for (const [d, u] of Object.entries(role.unmapped)) if (!isEventSet(u)) return { ok: false, error: `role ${key}, unmapped ${d}: malformed` };
    const extra = roleExtrasProblem(key, role);
    if (extra) return { ok: false, error: extra };
  }
  const extra = extrasProblem(v);
  if (extra) return { ok: false, error: extra };
  if (v.coverage !== undefined && !(Array.isArray(v.coverage) && v.coverage.every((c) => isObj(c) && typeof c.region === 'string' && typeof c.start === 'string' && typeof c.end === 'string'))) {
    return { ok: false, error: 'malformed coverage' };
  }
  return { ok: true, usage: v as unknown as UsageAggregate };
}
