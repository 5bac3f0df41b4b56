/**
 * The one sentence every role's entry carries: what its "unused" list rests on, or why
 * there is none.
 */
import type { RoleReport } from '../report/schema.ts';

/** What the evidence sentence says about one role. */
export interface EvidenceFacts {
  grantsStatus: RoleReport['grantsStatus'];
  /** Events made by the role's sessions in the window (allowed, denied and unmapped). */
  callEvents: number;
  /** ECS `sts:AssumeRole` events for the role. */
  ecsAssumed: number;
  window: { start?: string; end?: string };
  createDate?: string;
  createdInWindow: boolean;
  /** Regions its tasks run in whose CloudTrail is not in the input. */
  unreadRegions: readonly string[];
  /** The part of the window its regions were all read without a gap, when less than the window, and the regions that cut it. */
  narrowed?: { start: string; end: string; regions: readonly string[] };
  /** Regions whose CloudTrail could not be read in full. */
  incompleteRegions?: readonly string[];
  /** Why the role counts as deleted and recreated (role-blocks.ts), when it does. */
  recreated?: string;
  /** Services of calls that map to no known action (`*`: a service the catalog does not know). */
  unmappedServices?: readonly string[];
}

const count = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Why nothing is called unused for this role, when that is so. */
function noUnusedBecause(f: EvidenceFacts): string | undefined {
  if (f.grantsStatus === 'unknown') return 'Grants unknown: no permission is called unused for this role.';
  if (f.unreadRegions.length) {
    return `Its tasks run in ${f.unreadRegions.join(', ')}, whose CloudTrail is not in the input: nothing is called unused; granted, unseen actions are listed as not observable.`;
  }
  if (f.incompleteRegions?.length) {
    return `CloudTrail could not be read in full (${f.incompleteRegions.join(', ')}): nothing is called unused; granted, unseen actions are listed as not observable.`;
  }
  if (f.recreated) return `Recreated: ${f.recreated}. Nothing is called unused; granted, unseen actions are listed as not observable.`;
  return undefined;
}

/** What calls that map to no known action keep from being called unused. */
function unmappedCaveat(services: readonly string[] | undefined): string {
  if (!services?.length) return '';
  if (services.includes('*')) return ' Some calls are of a service the IAM catalog does not know: nothing is called unused.';
  return ` Some calls of ${services.join(', ')} map to no known action: granted, unseen actions of ${services.length === 1 ? 'that service are' : 'those services are'} not observable.`;
}

/** One sentence saying what the role's "unused" list rests on, with the caveats that weaken it. */
export function evidenceSentence(f: EvidenceFacts): string {
  const none = noUnusedBecause(f);
  if (none) return none;
  const span = `${f.window.start ?? '?'} to ${f.window.end ?? '?'}`;
  const tasks = f.ecsAssumed > 0 ? `ECS assumed it ${count(f.ecsAssumed, 'time')}` : 'no ECS AssumeRole event for it in the input';
  const n = f.narrowed;
  let s = n
    ? `Unused means granted, observable, and not called from ${n.start} to ${n.end}: the part of the window (${span}) for which the input holds CloudTrail of ${n.regions.join(' and ')}, where its tasks run, without a gap; its sessions made ${count(f.callEvents, 'CloudTrail event')} in the window; ${tasks}.`
    : `Unused means granted, observable, and absent from ${count(f.callEvents, 'CloudTrail event')} made by this role's sessions from ${span}; ${tasks}.`;
  if (f.callEvents === 0) s += ' The role made no call at all in the window: its workload may not have run.';
  if (f.createdInWindow) s += ` Created ${f.createDate} inside the window: read its unused list with care.`;
  // What could not be read may allow more, or deny (a missing boundary limits): both ways.
  if (f.grantsStatus === 'partial') s += ' Some policies could not be read: grants may be larger than listed, or smaller (a missing policy may deny, a missing boundary limits), so unused may be overstated.';
  return s + unmappedCaveat(f.unmappedServices);
}
