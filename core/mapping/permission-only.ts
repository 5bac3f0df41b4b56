/**
 * Actions that no API operation authorises (`iam:PassRole`, `s3:BypassGovernanceRetention`,
 * `*:AllowVendedLogDeliveryForResource`): IAM checks them while serving another call, so
 * CloudTrail never shows them as a call of their own and their absence proves nothing.
 * Derived by the generator from the mapping data, not listed by hand: an action is
 * authorised by an operation when the operation has its name (the default rule), or when
 * an operation without an action of its own name is authorised as it (ListObjects →
 * s3:ListBucket, HeadObject with a versionId → s3:GetObjectVersion). A dependent check
 * (iam:PassRole during iam:AddRoleToInstanceProfile) does not count: its other uses are
 * invisible. The lookup still credits such an action when it sees the call that checks it.
 */
import { PERMISSION_ONLY_TABLE } from './permission-only.data.ts';
import { EVENT_TABLE } from './event-table.data.ts';

/**
 * - `permission-only`: the sources list the service's operations and none authorises the action;
 * - `operation`: some operation authorises it, so a call would show in CloudTrail;
 * - `unknown-service`: the sources list no operation of the service (a service newer than
 *   the data, or one with no API of its own such as `rds-db`): not known either way.
 */
export type PermissionOnlyStatus = 'permission-only' | 'operation' | 'unknown-service';

const PERMISSION_ONLY = new Set(
  Object.entries(PERMISSION_ONLY_TABLE.permissionOnly).flatMap(([service, names]) => names.map((n) => `${service}:${n}`.toLowerCase())),
);
const COVERED = new Set(PERMISSION_ONLY_TABLE.coveredServices);
const NO_PERMISSION = new Set(
  Object.entries(EVENT_TABLE.noPermission).flatMap(([service, names]) => names.map((n) => `${service}:${n}`.toLowerCase())),
);

/** Whether an action (`service:Action`, any case) is authorised by some API operation, by the data. */
export function permissionOnlyStatus(action: string): PermissionOnlyStatus {
  const key = action.toLowerCase();
  if (PERMISSION_ONLY.has(key)) return 'permission-only';
  const service = key.slice(0, key.indexOf(':'));
  return COVERED.has(service) ? 'operation' : 'unknown-service';
}

/**
 * Is the action authorised by no API operation? Unsure counts as yes: "not observable" is
 * the safe answer for an action of a service the data does not cover, "unused" is not.
 * A catalog action newer than the generated list, in a covered service, counts as an
 * operation: new actions almost always come with a new API of the same name.
 */
export function isPermissionOnly(action: string): boolean {
  return permissionOnlyStatus(action) !== 'operation';
}

/** Does a call of this action need no permission at all (`sts:GetCallerIdentity`)? Such an action is never unused. */
export function needsNoPermission(action: string): boolean {
  return NO_PERMISSION.has(action.toLowerCase());
}
