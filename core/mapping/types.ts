/**
 * The shapes of the event → action table: what a generated table and the hand exceptions
 * hold, and what a lookup answers. Data only; the rules that read it live beside it.
 */

/**
 * A question about the request of one CloudTrail record. Paths are dot-separated keys of
 * `requestParameters`, matched case-insensitively (CloudTrail spells `tableName` and
 * `TableName` in one record); `[]` steps into every element of a list and `[key=value]`
 * into the elements whose `key` equals `value` (`requestItems[operation=Put]`).
 * A path that meets a list without `[]` looks inside every element all the same.
 */
export type RequestTest =
  | { path: string; is: 'present' | 'absent' }
  | { path: string; is: 'equal' | 'not-equal' | 'containing' | 'not-containing'; value: string }
  | { all: RequestTest[] };

/** One IAM action an operation needs, and when. A bare string is an action needed on every call. */
export type ActionRule = string | ConditionalActionRule;

export interface ConditionalActionRule {
  /** `service:Action` as the source spells it; the lookup returns the catalog's spelling. */
  action: string;
  /** Needed only when the request passes this test; absent means always. */
  when?: RequestTest;
  /** The request path that names this action's resource, when it is not the call's main resource. */
  resource?: string;
  /**
   * The call may have needed this action, but the record cannot show whether it did (S3
   * leaves the keys of a multi-object delete out of CloudTrail): neither used nor unused.
   */
  possible?: true;
}

/** The IAM actions of one operation, as the eventName names it. */
export interface OperationRule {
  actions: ActionRule[];
}

/** Where the generated data came from, for the report and for the next person who regenerates it. */
export interface Provenance {
  sources: { repository: string; path: string; commit: string; date?: string; licence: string; note?: string }[];
  /** The IAM action catalog the generator validated every action against. */
  catalog: string;
  generatedBy: string;
}

/** The generated table: only what the default rule (`<prefix>:<eventName>`) gets wrong. */
export interface EventTable {
  provenance: Provenance;
  /** eventSource host (without `.amazonaws.com`) → IAM prefix, where the two differ. */
  hosts: Record<string, string>;
  /** IAM prefix → eventName → the actions the operation needs. */
  operations: Record<string, Record<string, ActionRule[]>>;
  /** IAM prefix → operations any caller may make without a permission. */
  noPermission: Record<string, string[]>;
}

/** The generated list of actions no API operation authorises. */
export interface PermissionOnlyTable {
  provenance: Provenance;
  /** IAM prefixes whose API operations the sources list: an action outside them is not known either way. */
  coveredServices: string[];
  /** Service prefix → the catalog's names (canonical case) of its actions that no operation authorises. */
  permissionOnly: Record<string, string[]>;
}

/** One action a call needed, with the request parts that name its resource where they differ from the call's. */
export interface RequiredAction {
  /** Canonical catalog spelling, `s3:GetObjectVersion`. */
  action: string;
  /** Resource names the request gives for this action (a table name, a secret id, `bucket/key` of a copy source), as written. */
  resourceNames?: string[];
  /** Where in the request those names were read: `requestItems[2].tableName`, `x-amz-copy-source`. */
  parts?: string[];
  /** Which rule credited the action: the default name rule, the generated data, or a hand exception. */
  origin: RuleOrigin;
}

export type RuleOrigin = 'default' | 'dataset' | 'hand';

/** Why an event maps to no action the catalog knows. */
export type UnmappedReason =
  /** The rule names an action the catalog does not have (an unknown service or eventName). */
  | 'unknown-action'
  /** The operation's actions depend on a request the record does not show (no transaction items, no statement). */
  | 'request-needed';

export type EventActions =
  | {
      kind: 'mapped';
      /** The operation as looked up: `<prefix>:<eventName without version suffix>`. */
      operation: string;
      actions: RequiredAction[];
      /** Actions the call may also have needed; the record cannot tell. */
      possible: RequiredAction[];
    }
  | { kind: 'no-permission'; operation: string; /** The catalog action of that name, when there is one. */ action?: string }
  | { kind: 'unmapped'; operation: string; reason: UnmappedReason; /** Every `service:Action` the lookup tried. */ tried: string[] };
