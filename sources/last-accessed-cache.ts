/**
 * IAM last-accessed reports kept in the stack's bucket, so that each role's report is
 * generated at most once a day however often `report` runs (a retried publish, a manual
 * run): `state/last-accessed/<account>/<role name>.json`, overwritten in place.
 */
import { parseRoleArn } from '../core/arn.ts';
import type { LastAccessedReport } from '../core/evidence/last-accessed.ts';
import type { LastAccessedCache } from './aws/last-accessed.ts';
import type { ObjectStore } from './store/object-store.ts';

/** IAM reports activity within hours; a day-old report is as good as a new one for a weekly report. */
export const LAST_ACCESSED_MAX_AGE_MS = 86_400_000;

interface Stored {
  readAt: string;
  report: LastAccessedReport;
}

/** The object key of a role's cached report. */
export function lastAccessedKey(roleArn: string): string {
  const ref = parseRoleArn(roleArn);
  return `state/last-accessed/${ref?.accountId ?? 'unknown'}/${(ref?.roleName ?? encodeURIComponent(roleArn)).toLowerCase()}.json`;
}

/** A cache over an object store: a report read less than `maxAgeMs` ago (by `now`) is reused. */
export function storedLastAccessed(store: ObjectStore, now: () => number, maxAgeMs = LAST_ACCESSED_MAX_AGE_MS): LastAccessedCache {
  return {
    async get(roleArn) {
      const body = await store.get(lastAccessedKey(roleArn)).catch(() => undefined);
      if (!body) return undefined;
      let stored: Stored;
      try {
        stored = JSON.parse(body.toString('utf8')) as Stored;
      } catch {
        return undefined; // a damaged entry is read again from IAM
      }
      const age = now() - Date.parse(stored.readAt);
      const usable = stored.report?.roleArn === roleArn && Array.isArray(stored.report.services) && age >= 0 && age < maxAgeMs;
      return usable ? stored.report : undefined;
    },
    async put(report) {
      const stored: Stored = { readAt: new Date(now()).toISOString(), report };
      await store.put(lastAccessedKey(report.roleArn), JSON.stringify(stored), 'application/json');
    },
  };
}
