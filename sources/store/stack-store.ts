/**
 * What the deployed stack keeps in its bucket, and under which keys:
 *
 *   usage/date=YYYY-MM-DD/region=R/...json.gz    usage aggregates, per run and compacted per day (usage-keys.ts)
 *   state/checkpoint/<region>.json                 how far collect has read a region
 *   state/checkpoint/us-east-1/<source>.json       ... a global service's events (see core/collect/streams.ts)
 *   state/alerts.json                              alert de-duplication
 *   state/tracked-roles.json                       collect's inventory, reused for an hour
 *   state/compaction.json                          the last day whose aggregates were compacted
 *   state/collect-lease.json                       one collect run at a time (lease.ts)
 *   cache/task-definitions/<region>.json           described task definitions (immutable), by ARN
 *   reports/<YYYY-Www>/report.{json,md,html}      the weekly archive (same week, same keys)
 *
 * Aggregates are written before the checkpoint that covers them: a crash in between
 * re-reads the window, and the merge counts the re-read events once.
 */
import { jsonChunks } from '../../core/report/json-chunks.ts';
import { emptyAlertState, type AlertState } from '../../core/alerts/plan.ts';
import type { Checkpoint } from '../../core/collect/window.ts';
import type { TaskDefinitionInput } from '../../core/inventory/inventory.ts';
import type { TrackedRole } from '../../core/model.ts';
import type { Report } from '../../core/report/schema.ts';
import type { UsageAggregate } from '../../core/usage/model.ts';
import type { ObjectStore } from './object-store.ts';
import { encodeUsage } from './stored-usage.ts';
import { readStoredUsage, READ_CONCURRENCY } from './usage-store.ts';

export type { Checkpoint } from '../../core/collect/window.ts';
export { aggregateKey } from './usage-keys.ts';

/** The tracked roles as collect needs them, cached between runs (see `StackStore.trackedRoles`). */
export interface TrackedRoles {
  at: string;
  roles: TrackedRole[];
  excluded: { roleArn: string; reason: string }[];
  problems: string[];
  /** False when the inventory could not be read in full (a time budget ran out): not reused, the next run carries on. */
  complete?: boolean;
}

/** The task definitions described so far in a region, by ARN: revisions never change, so they are described once. */
export interface TaskDefinitionCacheFile {
  version: 1;
  entries: Record<string, TaskDefinitionInput>;
}

/** Checkpoint key of a stream: `eu-west-1`, or `us-east-1:iam.amazonaws.com` as a folder and file. */
const checkpointKey = (stream: string) => `state/checkpoint/${stream.replace(':', '/')}.json`;

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
    await this.store.put(key, encodeUsage(agg), 'application/gzip');
  }

  /**
   * Aggregates of the days in [from, to] (compacted days as one object each), `concurrency`
   * reads at a time; damaged objects are returned as problems, not thrown.
   */
  readAggregates(from: string, to: string, concurrency = READ_CONCURRENCY): Promise<{ aggregates: UsageAggregate[]; keys: string[]; problems: string[] }> {
    return readStoredUsage(this.store, from, to, concurrency);
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

  /** A stream's checkpoint (a region's id is the region: `state/checkpoint/<region>.json`). */
  getCheckpoint(stream: string): Promise<Checkpoint | undefined> {
    return this.getJson<Checkpoint>(checkpointKey(stream));
  }

  putCheckpoint(stream: string, c: Checkpoint): Promise<void> {
    return this.store.put(checkpointKey(stream), JSON.stringify(c), 'application/json');
  }

  async getAlertState(): Promise<AlertState> {
    const s = await this.getJson<AlertState>('state/alerts.json');
    return s && s.version === 1 && typeof s.entries === 'object' ? s : emptyAlertState();
  }

  /** The last UTC day whose aggregates were compacted. */
  async compactedThrough(): Promise<string | undefined> {
    return (await this.getJson<{ through?: string }>('state/compaction.json'))?.through;
  }

  putCompactedThrough(day: string): Promise<void> {
    return this.store.put('state/compaction.json', JSON.stringify({ through: day }), 'application/json');
  }

  async taskDefinitionCache(region: string): Promise<TaskDefinitionCacheFile> {
    const c = await this.getJson<TaskDefinitionCacheFile>(`cache/task-definitions/${region}.json`);
    return c?.version === 1 && typeof c.entries === 'object' ? c : { version: 1, entries: {} };
  }

  putTaskDefinitionCache(region: string, c: TaskDefinitionCacheFile): Promise<void> {
    return this.store.put(`cache/task-definitions/${region}.json`, JSON.stringify(c), 'application/json');
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
    if (cached && Array.isArray(cached.roles) && cached.complete !== false && now - Date.parse(cached.at) < maxAgeMs) return cached;
    const fresh: TrackedRoles = { at: new Date(now).toISOString(), ...(await read()) };
    await this.store.put('state/tracked-roles.json', JSON.stringify(fresh), 'application/json');
    return fresh;
  }

  reportKeys(week: string): { json: string; markdown: string; html: string } {
    return { json: `reports/${week}/report.json`, markdown: `reports/${week}/report.md`, html: `reports/${week}/report.html` };
  }

  async archiveReport(week: string, report: Report, markdown: string, html: string): Promise<{ json: string; markdown: string; html: string }> {
    const keys = this.reportKeys(week);
    // Built in pieces: a report of hundreds of `*` roles outgrows the longest string V8 allows.
    await this.store.put(keys.json, Buffer.concat([...jsonChunks(report)].map((c) => Buffer.from(c, 'utf8'))), 'application/json');
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
