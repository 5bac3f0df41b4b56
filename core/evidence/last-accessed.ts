/**
 * IAM last-accessed information (Access Advisor) of one role, as policy-drift reads it:
 * `GetServiceLastAccessedDetails` output, from the SDK (live, deployed) or saved by the AWS
 * CLI (export). One shape whatever the source; dates normalised to ISO seconds.
 *
 * What the data means (IAM User Guide, "Refine permissions in AWS using last accessed
 * information"): per service the role's policies allow, when the role last *attempted* to
 * use it (denied attempts count), or nothing when it did not within the tracking period;
 * for some services, the same per tracked action. An action missing from a service's
 * action list is not tracked: its absence says nothing.
 */

/** Where a report was read. */
export type LastAccessedSource = 'iam-api' | 'iam-api-cached' | 'export-file';

export type LastAccessedGranularity = 'ACTION_LEVEL' | 'SERVICE_LEVEL';

export interface ActionLastAccessed {
  /** `service:Name`, as IAM names it. */
  action: string;
  /** ISO; absent: not accessed in the tracking period. */
  lastAccessed?: string;
  region?: string;
}

export interface ServiceLastAccessed {
  /** The IAM service prefix (`s3`). */
  service: string;
  /** ISO; absent: not accessed in the tracking period. */
  lastAuthenticated?: string;
  region?: string;
  /** Tracked actions; absent when the service is not tracked at action level (or the job was SERVICE_LEVEL). */
  actions?: ActionLastAccessed[];
}

export interface LastAccessedReport {
  roleArn: string;
  /** When IAM completed the job: the end of the span the report speaks for. */
  generatedAt: string;
  source: LastAccessedSource;
  granularity: LastAccessedGranularity;
  services: ServiceLastAccessed[];
}

export type ParsedLastAccessed = { ok: true; report: LastAccessedReport; skipped: number } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An ISO second, or undefined for anything that is not a date. */
export function isoSecond(v: unknown): string | undefined {
  if (typeof v !== 'string' && !(v instanceof Date)) return undefined;
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 19) + 'Z' : undefined;
}

/** A date field: absent (null/undefined) → 'absent'; present but unreadable → 'bad'. */
function dateField(v: unknown): string | 'absent' | 'bad' {
  if (v === undefined || v === null) return 'absent';
  return isoSecond(v) ?? 'bad';
}

function parseActions(service: string, raw: unknown): ActionLastAccessed[] | 'bad' | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) return 'bad';
  const out: ActionLastAccessed[] = [];
  for (const a of raw) {
    if (!isObject(a) || typeof a.ActionName !== 'string' || !a.ActionName) return 'bad';
    const when = dateField(a.LastAccessedTime);
    if (when === 'bad') return 'bad';
    // IAM writes bare names (`CreateBucket`); some tools keep the prefix.
    const action = a.ActionName.includes(':') ? a.ActionName : `${service}:${a.ActionName}`;
    out.push({ action, ...(when !== 'absent' ? { lastAccessed: when } : {}), ...(typeof a.LastAccessedRegion === 'string' ? { region: a.LastAccessedRegion } : {}) });
  }
  return out;
}

/** One `ServicesLastAccessed` entry; undefined when it cannot be read (it is skipped and counted, never guessed). */
function parseService(raw: unknown): ServiceLastAccessed | undefined {
  if (!isObject(raw) || typeof raw.ServiceNamespace !== 'string' || !raw.ServiceNamespace) return undefined;
  const service = raw.ServiceNamespace.toLowerCase();
  const when = dateField(raw.LastAuthenticated);
  const actions = parseActions(service, raw.TrackedActionsLastAccessed);
  if (when === 'bad' || actions === 'bad') return undefined;
  return {
    service,
    ...(when !== 'absent' ? { lastAuthenticated: when } : {}),
    ...(typeof raw.LastAuthenticatedRegion === 'string' ? { region: raw.LastAuthenticatedRegion } : {}),
    ...(actions ? { actions } : {}),
  };
}

/**
 * Read a `GetServiceLastAccessedDetails` answer (SDK output with dates as ISO text, or the
 * CLI's JSON). A job that is not COMPLETED, or that has no date, is an error: without a
 * date nobody can say what span "not accessed" covers. Entries that cannot be read are
 * skipped and counted.
 */
export function parseLastAccessed(raw: unknown, roleArn: string, source: LastAccessedSource): ParsedLastAccessed {
  if (!isObject(raw)) return { ok: false, error: 'not a JSON object' };
  if (raw.JobStatus !== 'COMPLETED') return { ok: false, error: `job status is ${String(raw.JobStatus ?? 'missing')}, not COMPLETED` };
  if (!Array.isArray(raw.ServicesLastAccessed)) return { ok: false, error: 'no ServicesLastAccessed list' };
  const generatedAt = isoSecond(raw.JobCompletionDate) ?? isoSecond(raw.JobCreationDate);
  if (!generatedAt) return { ok: false, error: 'no JobCompletionDate: the span the report covers is unknown' };
  const services: ServiceLastAccessed[] = [];
  let skipped = 0;
  for (const s of raw.ServicesLastAccessed) {
    const parsed = parseService(s);
    if (parsed) services.push(parsed);
    else skipped++;
  }
  const granularity: LastAccessedGranularity = raw.JobType === 'SERVICE_LEVEL' ? 'SERVICE_LEVEL' : 'ACTION_LEVEL';
  return { ok: true, report: { roleArn, generatedAt, source, granularity, services }, skipped };
}

const later = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : a > b ? a : b);

function mergeActions(a: ActionLastAccessed[] | undefined, b: ActionLastAccessed[] | undefined): ActionLastAccessed[] | undefined {
  if (!a || !b) return a ?? b;
  const byName = new Map(a.map((x) => [x.action.toLowerCase(), { ...x }]));
  for (const x of b) {
    const key = x.action.toLowerCase();
    const have = byName.get(key);
    if (!have) byName.set(key, { ...x });
    else if (later(have.lastAccessed, x.lastAccessed) !== have.lastAccessed) byName.set(key, { ...x });
  }
  return [...byName.values()];
}

/**
 * Several reports (pages, or exports at different times) of one role as one: the latest
 * use of each service and action wins, so a use seen in any report is kept (a use is never
 * lost to an older page); the report's time is the earliest, so "not accessed" claims
 * span only what every page covers.
 */
export function mergeLastAccessed(reports: readonly LastAccessedReport[]): LastAccessedReport | undefined {
  if (reports.length === 0) return undefined;
  const services = new Map<string, ServiceLastAccessed>();
  for (const r of reports) {
    for (const s of r.services) {
      const have = services.get(s.service);
      if (!have) {
        services.set(s.service, { ...s });
        continue;
      }
      const newer = later(have.lastAuthenticated, s.lastAuthenticated) !== have.lastAuthenticated;
      const actions = mergeActions(have.actions, s.actions);
      services.set(s.service, { ...(newer ? s : have), ...(actions ? { actions } : {}) });
    }
  }
  const first = reports[0]!;
  return {
    roleArn: first.roleArn,
    generatedAt: reports.map((r) => r.generatedAt).sort()[0]!,
    source: first.source,
    granularity: reports.every((r) => r.granularity === 'ACTION_LEVEL') ? 'ACTION_LEVEL' : 'SERVICE_LEVEL',
    services: [...services.values()].sort((x, y) => (x.service < y.service ? -1 : 1)),
  };
}
