/**
 * Several accounts in one sandbox: a request signed with credentials STS issued for
 * account B is answered from B's scenario (its ECS services, its IAM roles), anything else
 * from the home scenario. So a test can prove that account B's inventory was read with
 * B's role, and that an account whose role cannot be assumed is never read at all.
 */
import type { Scenario } from './scenario.ts';
import { AwsError, type SandboxState } from './server.ts';
import { world } from './world.ts';

/** The access key id and signing service of a SigV4 `Authorization` header. */
export function signingOf(authorization: string | undefined): { accessKeyId?: string; service?: string } {
  const m = /Credential=([^/,\s]+)\/\d{8}\/[a-z0-9-]+\/([a-z0-9-]+)\//.exec(authorization ?? '');
  return m ? { accessKeyId: m[1]!, service: m[2]! } : {};
}

/** Add an account to the sandbox: its scenario, and the role the stack may assume in it. */
export function addMemberAccount(state: SandboxState, scenario: Scenario, memberRoleName = 'policy-drift-member'): void {
  const w = world(state);
  w.accounts.set(scenario.accountId, scenario);
  w.memberRoles.set(scenario.accountId, memberRoleName);
}

/**
 * The state as the caller sees it: the scenario of the account its credentials belong to.
 * Unknown and long-term keys are the home account's (the stack's own credentials).
 */
export function stateForCaller(state: SandboxState, authorization: string | undefined): SandboxState {
  const w = world(state);
  const { accessKeyId, service } = signingOf(authorization);
  const issued = accessKeyId ? w.credentials.get(accessKeyId) : undefined;
  if (issued && issued.expiresAt <= state.clock.now()) throw new AwsError('ExpiredTokenException', 'The security token included in the request is expired', 403);
  const account = issued ? issued.account : state.scenario.accountId;
  if (service) w.signedCalls.push({ account, service });
  const scenario = account === state.scenario.accountId ? undefined : w.accounts.get(account);
  // A view whose scenario is the caller's account; everything else (clock, buckets, calls) is shared.
  return scenario ? (Object.create(state, { scenario: { value: scenario, enumerable: true } }) as SandboxState) : state;
}
