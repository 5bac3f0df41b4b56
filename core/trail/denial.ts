/**
 * Access-denied detection and cause. `errorCode` is service-specific and is also set by
 * throttling and validation errors, so only access-denied spellings count; the cause is
 * read from the message, which names the policy type that denied.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { DenialCause } from '../model.ts';

/**
 * Access-denied error codes: `AccessDenied`, `AccessDeniedException` (most JSON services),
 * `Client.UnauthorizedOperation` / `UnauthorizedOperation` (EC2), `AuthorizationError` (SNS's Query API).
 */
export function isAccessDenied(errorCode: string | undefined): boolean {
  if (!errorCode) return false;
  return /^AccessDenied/i.test(errorCode) || /UnauthorizedOperation$/i.test(errorCode) || /^AuthorizationError/i.test(errorCode);
}

/** Message fragments, most specific first: an SCP denial message also contains "explicit deny". */
const CAUSES: [RegExp, DenialCause][] = [
  [/service control polic/i, 'scp'],
  [/resource control polic/i, 'rcp'],
  [/permissions boundar/i, 'permissions-boundary'],
  [/session polic/i, 'session-policy'],
  [/VPC endpoint polic/i, 'vpc-endpoint-policy'],
  [/resource-based polic/i, 'resource-policy'],
  [/explicit deny in an identity-based polic/i, 'explicit-deny-identity'],
  [/no identity-based policy allows/i, 'no-identity-policy'],
];

/** Why a call was denied, from its error message; `unknown` for older messages that name no policy type. */
export function denialCause(message: string | undefined): DenialCause {
  if (!message) return 'unknown';
  for (const [re, cause] of CAUSES) if (re.test(message)) return cause;
  return 'unknown';
}

/** Newer messages end with the ARN of the denying policy. */
export function denyingPolicyArn(message: string | undefined): string | undefined {
  const m = message ? /(arn:aws[a-z-]*:(?:iam|organizations)::[^\s"]+)\s*\.?\s*$/.exec(message) : null;
  return m?.[1]?.replace(/\.$/, '');
}

/** The resource named in an access-denied message (`... on resource: arn:... because ...`). */
export function resourceFromDenialMessage(message: string | undefined): string | undefined {
  const m = message ? /\bon resource:?\s+(arn:[^\s"]+?)(?:\s+because\b|\s*$|\s)/.exec(message) : null;
  return m?.[1];
}

const MESSAGE_ACTION = /not authorized to perform:?\s+([a-z0-9-]+:[A-Za-z0-9]+)/i;

/** The action named in an access-denied message (`... not authorized to perform: dynamodb:PutItem ...`), in catalog spelling. */
export function actionFromDenialMessage(catalog: Catalog, message: string | undefined): string | undefined {
  const m = message ? MESSAGE_ACTION.exec(message) : null;
  return m?.[1] ? catalog.lookup(m[1])?.action : undefined;
}
