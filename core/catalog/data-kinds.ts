/**
 * Which kinds of data events (read-only, write) the calls needing a data-plane action
 * produce. A trail can select read or write data events only, so an action is observable
 * only where the input holds data events of every kind its calls can take: `s3:GetObject`
 * (Read in IAM) is also needed on the source object by CopyObject and UploadPartCopy,
 * which CloudTrail records as write data events (Amazon S3 API Reference, CopyObject,
 * "Authentication and authorization"); a trail of reads only cannot show those calls.
 *
 * The operations come from the mapping data (call-kinds.ts `operationsNeeding`). An
 * operation's kind is read when every action its rules name is Read or List in IAM, write
 * when one is not (a copy reads and writes: CloudTrail records it as a write), and both
 * when the catalog knows none of them. The action's own access level always counts too,
 * so this never asks for less than the IAM level alone did.
 */
import type { AccessLevel } from '../model.ts';
import { actionsOfOperation, operationSpelling, operationsNeeding } from './call-kinds.ts';

/** The kinds of data events an action's calls produce. */
export type DataKinds = 'read' | 'write' | 'both';

/** An action's data-event kinds, and the operations of each kind that need it (as the mapping data spells them). */
export interface DataKindsOfAction {
  kinds: DataKinds;
  /** Operations recorded as read-only data events. */
  readOps: string[];
  /** Operations recorded as write data events. */
  writeOps: string[];
}

/** The IAM access level of an action, or undefined when the catalog does not know it. */
export type LevelOf = (action: string) => AccessLevel | undefined;

const isReadLevel = (level: AccessLevel) => level === 'Read' || level === 'List';

/** The kinds of one operation's data events, from the access levels of the actions its rules name. */
function operationKinds(operation: string, levelOf: LevelOf): { read: boolean; write: boolean } {
  const levels = (actionsOfOperation(operation) ?? [operation]).map(levelOf).filter((l): l is AccessLevel => l !== undefined);
  if (!levels.length) return { read: true, write: true };
  const write = levels.some((l) => !isReadLevel(l));
  return { read: !write, write };
}

/** Which kinds of data events the calls needing `action` (canonical `service:Name`) produce. */
export function dataKindsOf(action: string, levelOf: LevelOf): DataKindsOfAction {
  const own = levelOf(action);
  let read = own === undefined || isReadLevel(own);
  let write = own === undefined || !isReadLevel(own);
  const readOps: string[] = [];
  const writeOps: string[] = [];
  const self = action.toLowerCase();
  for (const op of operationsNeeding(action)) {
    const k = operationKinds(op, levelOf);
    const name = op === self ? action : operationSpelling(op);
    if (k.read) readOps.push(name);
    if (k.write) writeOps.push(name);
    read ||= k.read;
    write ||= k.write;
  }
  return { kinds: read && write ? 'both' : read ? 'read' : 'write', readOps, writeOps };
}

/** Does an action of these kinds need data events of `kind`? */
export function needsKind(kinds: DataKinds, kind: 'read' | 'write'): boolean {
  return kinds === 'both' || kinds === kind;
}
