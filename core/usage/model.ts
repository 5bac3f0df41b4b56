/**
 * The usage aggregate, as stored: a compact, mergeable summary of what tracked roles did.
 *
 * Per role → per IAM action: the events (as 53-bit keys, so a merge can drop events it
 * already counted), first/last seen, the distinct sessions (ECS task IDs, hashed), a
 * bounded sample of resources and the services that called on the role's behalf. Denied
 * calls, unmapped events and ECS AssumeRole evidence are kept the same way.
 *
 * Building (build.ts) appends; `compactUsage` sorts and de-duplicates. `mergeUsage`
 * (merge.ts) of compacted aggregates is associative, commutative and idempotent for the
 * same events. The `input` counters are the exception: they count records read, and add up.
 */
import type { DenialCause } from '../model.ts';
import type { EventSet } from './event-set.ts';
import type { ResourceSample } from './sorted-set.ts';

export interface ActionUsage extends EventSet {
  sessions: number[];
  resources: ResourceSample;
  /** Services that made some of these calls on the role's behalf (`invokedBy`). */
  invokedBy: string[];
}

export interface DeniedUsage extends EventSet {
  action: string;
  errorCode: string;
  cause: DenialCause;
  /** The most recent error message (trimmed). */
  message?: string;
  resources: ResourceSample;
}

export interface UnmappedUsage extends EventSet {
  eventSource: string;
  eventName: string;
}

export interface RoleUsage {
  /** Role ARN as CloudTrail spelled it (with path), when seen. */
  roleArn?: string;
  actions: Record<string, ActionUsage>;
  denied: Record<string, DeniedUsage>;
  unmapped: Record<string, UnmappedUsage>;
  /** ECS `sts:AssumeRole` for this role: evidence it was really used by tasks. */
  assumed?: EventSet & { sessions: number[] };
}

export interface InputCounters {
  records: number;
  attributed: number;
  notTracked: number;
  outsideWindow: number;
  skipped: Record<string, number>;
}

export interface UsageAggregate {
  schemaVersion: 1;
  /** Span of event times seen (every readable record, tracked or not). */
  span: { start?: string; end?: string };
  input: InputCounters;
  /** IAM service prefixes for which data events were present. */
  dataEventServices: string[];
  regions: string[];
  /**
   * Time windows whose CloudTrail was read in full, per region (the deployed collector
   * records them; a one-shot CLI run leaves this empty). Merged as a union.
   */
  coverage?: CoverageWindow[];
  /**
   * Whether read-only and write management events appear in the input (from `readOnly`);
   * absent when no record said. A trail that records only writes cannot show reads.
   */
  managementSeen?: { readOnly: boolean; write: boolean };
  roles: Record<string, RoleUsage>;
}

export interface CoverageWindow {
  region: string;
  start: string;
  end: string;
}

/** An aggregate of nothing read yet. */
export function emptyUsage(): UsageAggregate {
  return {
    schemaVersion: 1,
    span: {},
    input: { records: 0, attributed: 0, notTracked: 0, outsideWindow: 0, skipped: {} },
    dataEventServices: [],
    regions: [],
    roles: {},
  };
}
