/**
 * What the deployed stack keeps in its bucket, and under which keys:
 *
 *   usage/date=YYYY-MM-DD/region=R/<start>_<end>_<run>.json.gz   one aggregate per collect run and region
 *   state/checkpoint/<region>.json                                 how far collect has read
 *   state/alerts.json                                              alert de-duplication
 *   state/tracked-roles.json                                       collect's inventory, reused for an hour
 *   reports/<YYYY-Www>/report.json | report.md | report.html       the weekly archive (same week, same keys)
 *
 * Aggregates are written before the checkpoint that covers them: a crash in between
 * re-reads the window, and the merge counts the re-read events once.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { emptyAlertState, type AlertState } from '../../core/alerts/plan.ts';
import type { TrackedRole } from '../../core/model.ts';
import type { Report } from '../../core/report/schema.ts';
import type { UsageAggregate } from '../../core/usage/model.ts';
import { parseUsage, serialiseUsage } from '../../core/usage/serialise.ts';
import type { ObjectStore } from './object-store.ts';

/** The tracked roles as collect needs them, cached between runs (see `StackStore.trackedRoles`). */
export interface TrackedRoles {
  at: string;
  roles: TrackedRole[];
  excluded: { roleArn: string; reason: string }[];
  problems: string[];
}

export interface Checkpoint {
  /** Everything up to this time has been read. */
  doneUntil: string;
  /**
   * The rest of a window that a run could not finish (its newer part was read: events come
   * newest first). Once read, everything up to `then` has been read.
   */
  pending?: { start: string; end: string; then: string };
}

const safe = (iso: string) => iso.replace(/[:]/g, '');

export function aggregateKey(region: string, start: string, end: string, runId: string): string {
  return `usage/date=${end.slice(0, 10)}/region=${region}/${safe(start)}_${safe(end)}_${runId}.json.gz`;
}

/** ISO week label (`2026-W47`) of a time: reports of the same week share their keys. */
export function isoWeek(iso: string): string {
  const d = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export class StackStore {
  constructor(readonly store: ObjectStore) {}

  async putAggregate(key: string, agg: UsageAggregate): Promise<void> {
    await this.store.put(key, gzipSync(serialiseUsage(agg)), 'application/gzip');
  }

  /** Aggregates of the days in [from, to]; damaged objects are returned as problems, not thrown. */
  async readAggregates(from: string, to: string): Promise<{ aggregates: UsageAggregate[]; keys: string[]; problems: string[] }> {
    const aggregates: UsageAggregate[] = [];
    const keys: string[] = [];
    const problems: string[] = [];
    const dayKeys = (await this.store.list('usage/date=')).filter((k) => {
      const day = k.slice('usage/date='.length, 'usage/date='.length + 10);
      return day >= from.slice(0, 10) && day <= to.slice(0, 10);
    });
    for (const key of dayKeys) {
      const body = await this.store.get(key);
      if (!body) continue;
      let text: string;
      try {
        text = gunzipSync(body).toString('utf8');
      } catch {
        problems.push(`skipped stored aggregate ${key}: not valid gzip`);
        continue;
      }
      const parsed = parseUsage(text);
      if (!parsed.ok) {
        problems.push(`skipped stored aggregate ${key}: ${parsed.error}`);
        continue;
      }
      aggregates.push(parsed.usage);
      keys.push(key);
    }
    return { aggregates, keys, problems };
  }

  private async getJson<T>(key: string): Promise<T | undefined> {
    const body = await this.store.get(key);
    if (!body) return undefined;
    try {
      return JSON.parse(body.toString('utf8')) as T;
    } catch {
      return undefined;
    }
  }

  getCheckpoint(region: string): Promise<Checkpoint | undefined> {
    return this.getJson<Checkpoint>(`state/checkpoint/${region}.json`);
  }

  putCheckpoint(region: string, c: Checkpoint): Promise<void> {
    return this.store.put(`state/checkpoint/${region}.json`, JSON.stringify(c), 'application/json');
  }

  async getAlertState(): Promise<AlertState> {
    const s = await this.getJson<AlertState>('state/alerts.json');
    return s && s.version === 1 && typeof s.entries === 'object' ? s : emptyAlertState();
  }

  putAlertState(s: AlertState): Promise<void> {
    return this.store.put('state/alerts.json', JSON.stringify(s), 'application/json');
  }

  /**
   * Tracked roles, read through `read` at most once per `maxAgeMs`: collect runs every 15
   * minutes, and the ECS inventory (every service, every task definition) changes far less.
   */
  async trackedRoles(now: number, maxAgeMs: number, read: () => Promise<Omit<TrackedRoles, 'at'>>): Promise<TrackedRoles> {
    const cached = await this.getJson<TrackedRoles>('state/tracked-roles.json');
    if (cached && Array.isArray(cached.roles) && now - Date.parse(cached.at) < maxAgeMs) return cached;
    const fresh: TrackedRoles = { at: new Date(now).toISOString(), ...(await read()) };
    await this.store.put('state/tracked-roles.json', JSON.stringify(fresh), 'application/json');
    return fresh;
  }

  reportKeys(week: string): { json: string; markdown: string; html: string } {
    return { json: `reports/${week}/report.json`, markdown: `reports/${week}/report.md`, html: `reports/${week}/report.html` };
  }

  async archiveReport(week: string, report: Report, markdown: string, html: string): Promise<{ json: string; markdown: string; html: string }> {
    const keys = this.reportKeys(week);
    await this.store.put(keys.json, JSON.stringify(report), 'application/json');
    await this.store.put(keys.markdown, markdown, 'text/markdown; charset=utf-8');
    await this.store.put(keys.html, html, 'text/html; charset=utf-8');
    return { json: this.store.describe(keys.json), markdown: this.store.describe(keys.markdown), html: this.store.describe(keys.html) };
  }

  /**
   * The archived reports of the `limit` weeks before `week`, newest last, each passed through
   * `map` as soon as it is read (a report is megabytes; what `map` keeps of it is not).
   * Unreadable ones, and those `map` turns into undefined, are left out.
   */
  async reportsBefore<T>(week: string, limit: number, map: (week: string, report: unknown) => T | undefined): Promise<T[]> {
    const weeks = [...new Set((await this.store.list('reports/')).map((k) => k.split('/')[1]!))].filter((w) => w < week).sort().slice(-limit);
    const out: T[] = [];
    for (const w of weeks) {
      const report = await this.getJson<unknown>(this.reportKeys(w).json);
      const mapped = report === undefined ? undefined : map(w, report);
      if (mapped !== undefined) out.push(mapped);
    }
    return out;
  }

  /** The newest archived report of a week before `week`. */
  async previousReport(week: string): Promise<Report | undefined> {
    const weeks = [...new Set((await this.store.list('reports/')).map((k) => k.split('/')[1]!))].filter((w) => w < week).sort();
    const last = weeks.at(-1);
    return last ? this.getJson<Report>(this.reportKeys(last).json) : undefined;
  }
}
