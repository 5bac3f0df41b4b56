/**
 * Whether CloudTrail records an action's calls as read-only or write events (`readOnly`),
 * which is what a trail that selects only one kind of management events filters on. The
 * IAM access level does not say: `kms:Decrypt` and `sts:AssumeRole` are Write in IAM and
 * `readOnly: true` in CloudTrail, so a write-only trail never shows them.
 *
 * What is known, in order: what the input's own records said of the operations that need
 * the action (the usage aggregate keeps, per operation, the `readOnly` values records
 * gave), then a hand table of operations whose `readOnly` AWS documents. An action is
 * reached through every operation whose rules name it (the mapping data, and the default
 * rule that an operation needs the action of its name); its calls are of a known kind only
 * when every such operation's kind is known. Anything else is `unknown`, and an unknown
 * action is observable only when the input holds both kinds of management events.
 */
import { EVENT_TABLE } from '../mapping/event-table.data.ts';
import { HAND_OPERATIONS } from '../mapping/exceptions.ts';
import type { ActionRule } from '../mapping/types.ts';

/** How CloudTrail records calls of an action: all read-only, all write, some of each, or not known. */
export type CallKind = 'read' | 'write' | 'both' | 'unknown';

/** Operations (`service:EventName`, lower case) whose management events the input holds, by `readOnly`. */
export interface OperationKinds {
  /** Operations seen with `readOnly: true`. */
  readOnly: ReadonlySet<string>;
  /** Operations seen with `readOnly: false`. */
  write: ReadonlySet<string>;
}

/**
 * Operations AWS documents as `readOnly: true` whatever the IAM access level of their
 * actions, lower case. The KMS Developer Guide's CloudTrail examples for its cryptographic
 * operations ("Logging AWS KMS API calls with AWS CloudTrail", e.g.
 * https://docs.aws.amazon.com/kms/latest/developerguide/ct-decrypt.html: `"readOnly": true`)
 * and the IAM User Guide's STS examples ("Logging IAM and AWS STS API calls with AWS
 * CloudTrail", "Example AWS STS API events in CloudTrail log").
 */
const DOCUMENTED_READ_ONLY: ReadonlySet<string> = new Set([
  'kms:decrypt', 'kms:encrypt', 'kms:generatedatakey', 'kms:generatedatakeywithoutplaintext', 'kms:generatedatakeypair',
  'kms:generatedatakeypairwithoutplaintext', 'kms:reencrypt', 'kms:sign', 'kms:verify', 'kms:generatemac', 'kms:verifymac',
  'kms:generaterandom', 'kms:derivesharedsecret',
  'sts:assumerole', 'sts:assumerolewithwebidentity', 'sts:assumerolewithsaml', 'sts:getsessiontoken', 'sts:getfederationtoken',
]);

function ruleAction(rule: ActionRule): string | undefined {
  if (typeof rule === 'string') return rule;
  return rule.possible ? undefined : rule.action;
}

/** Every (service, operation) → rules of the generated table and the hand exceptions (which replace the table's). */
function tableOperations(): Map<string, readonly ActionRule[]> {
  const out = new Map<string, readonly ActionRule[]>();
  for (const table of [EVENT_TABLE.operations, HAND_OPERATIONS]) {
    for (const [service, ops] of Object.entries(table)) {
      for (const [name, rules] of Object.entries(ops)) out.set(`${service}:${name}`.toLowerCase(), rules);
    }
  }
  return out;
}

let index:
  | { ruled: ReadonlyMap<string, readonly ActionRule[]>; needing: ReadonlyMap<string, readonly string[]>; spelled: ReadonlyMap<string, string> }
  | undefined;

/** action (lower case) → the operations whose rules name it, built once from the mapping data. */
function operationIndex(): NonNullable<typeof index> {
  if (index) return index;
  const ruled = tableOperations();
  const needing = new Map<string, string[]>();
  const spelled = new Map<string, string>();
  for (const table of [EVENT_TABLE.operations, HAND_OPERATIONS]) {
    for (const [service, ops] of Object.entries(table)) for (const name of Object.keys(ops)) spelled.set(`${service}:${name}`.toLowerCase(), `${service}:${name}`);
  }
  for (const [op, rules] of ruled) {
    for (const rule of rules) {
      const action = ruleAction(rule)?.toLowerCase();
      if (!action) continue;
      const list = needing.get(action) ?? [];
      if (!list.includes(op)) list.push(op);
      needing.set(action, list);
    }
  }
  return (index = { ruled, needing, spelled });
}

/**
 * The actions an operation's rules name (lower case `service:EventName`), those it may
 * need ("possible") left out; undefined when the mapping data has no rule for it (then it
 * needs the action of its own name).
 */
export function actionsOfOperation(operation: string): string[] | undefined {
  const rules = operationIndex().ruled.get(operation);
  if (!rules) return undefined;
  return rules.map(ruleAction).filter((a): a is string => a !== undefined);
}

/** An operation as the mapping data spells it (`s3:CopyObject`), for a reader; the key itself when the data has none. */
export function operationSpelling(operation: string): string {
  return operationIndex().spelled.get(operation) ?? operation;
}

/**
 * The operations (`service:EventName`, lower case) whose calls need `action`: those whose
 * rules name it, and the operation of its own name unless a rule of that operation says
 * it needs other actions.
 */
export function operationsNeeding(action: string): string[] {
  const key = action.toLowerCase();
  const { ruled, needing } = operationIndex();
  const ops = [...(needing.get(key) ?? [])];
  if (!ruled.has(key) && !ops.includes(key)) ops.push(key);
  return ops;
}

/** The kind of an action's calls, from what the input said of its operations and what AWS documents. */
export function callKindOf(action: string, seen: OperationKinds | undefined): CallKind {
  let read = false;
  let write = false;
  for (const op of operationsNeeding(action)) {
    const r = seen?.readOnly.has(op) || DOCUMENTED_READ_ONLY.has(op);
    const w = seen?.write.has(op) ?? false;
    if (!r && !w) return 'unknown';
    read ||= r;
    write ||= w;
  }
  return read && write ? 'both' : read ? 'read' : write ? 'write' : 'unknown';
}
