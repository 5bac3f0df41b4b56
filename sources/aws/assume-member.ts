/**
 * Reading a member account through its read-only role (stack/member-role.yml): STS
 * `AssumeRole` into `arn:aws:iam::<account>:role/<name>`, credentials refreshed before they
 * expire, and clients for that account built on them. An account whose role cannot be
 * assumed (missing, or not trusting this stack) is an answer, not an exception: the caller
 * reports it and reads the others.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { describeError } from './clients.ts';

/** Refresh credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/** The member role's ARN in an account. */
export function memberRoleArn(account: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

export type MemberCredentials = { ok: true; credentials: AwsCredentialIdentityProvider } | { ok: false; error: string };

async function assume(sts: STSClient, roleArn: string, sessionName: string): Promise<AwsCredentialIdentity> {
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 }));
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) };
}

/**
 * Credentials of the member role, assumed once now (so a refusal is known before any read)
 * and again whenever they are about to expire. `now` is the clock the expiry is judged on.
 */
export async function memberCredentials(sts: STSClient, roleArn: string, sessionName: string, now: () => number = () => Date.now()): Promise<MemberCredentials> {
  let current: AwsCredentialIdentity;
  try {
    current = await assume(sts, roleArn, sessionName);
  } catch (e) {
    return { ok: false, error: `cannot assume ${roleArn}: ${describeError(e)}` };
  }
  const provider: AwsCredentialIdentityProvider = async () => {
    if (current.expiration && current.expiration.getTime() - now() < REFRESH_MARGIN_MS) current = await assume(sts, roleArn, sessionName);
    return current;
  };
  return { ok: true, credentials: provider };
}
