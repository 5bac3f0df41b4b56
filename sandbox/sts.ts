/**
 * STS on the Query protocol (`Version=2011-06-15`): `AssumeRole` issues credentials for
 * the role's account, which the sandbox then answers from that account's scenario (see
 * accounts.ts); `GetCallerIdentity` says whose credentials a caller holds. A role that
 * does not exist, or whose trust the test has withdrawn, answers AccessDenied as STS does.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { signingOf } from './accounts.ts';
import { AwsError, enter, xmlEscape, type SandboxState } from './server.ts';
import { world } from './world.ts';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function respond(res: ServerResponse, action: string, inner: string): void {
  res.writeHead(200, { 'content-type': 'text/xml' });
  res.end(`<${action}Response xmlns="${NS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>sandbox-sts</RequestId></ResponseMetadata></${action}Response>`);
}

/** The stack's own identity in the sandbox (its Lambda role's session). */
function homeCaller(state: SandboxState): string {
  return `arn:aws:sts::${state.scenario.accountId}:assumed-role/policy-drift-lambdaRole/policy-drift`;
}

function assumeRole(state: SandboxState, p: URLSearchParams, res: ServerResponse): void {
  const w = world(state);
  const roleArn = p.get('RoleArn') ?? '';
  const session = p.get('RoleSessionName') ?? '';
  if (!/^[\w+=,.@-]{2,64}$/.test(session)) throw new AwsError('ValidationError', 'RoleSessionName must satisfy the pattern [\\w+=,.@-]{2,64}');
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(roleArn);
  if (!m) throw new AwsError('ValidationError', `${roleArn} is invalid`);
  const [, account, roleName] = m;
  const refused = () => new AwsError('AccessDenied', `User: ${homeCaller(state)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
  if (w.memberRoles.get(account!) !== roleName || w.denyAssume.has(account!)) throw refused();
  const duration = Number(p.get('DurationSeconds') ?? 3600);
  const expiresAt = state.clock.now() + duration * 1000;
  const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`;
  w.credentials.set(accessKeyId, { account: account!, arn, expiresAt });
  respond(
    res,
    'AssumeRole',
    `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey>` +
      `<SessionToken>sandbox-session-${accessKeyId}</SessionToken><Expiration>${new Date(expiresAt).toISOString()}</Expiration></Credentials>` +
      `<AssumedRoleUser><AssumedRoleId>AROASANDBOX${account}:${xmlEscape(session)}</AssumedRoleId><Arn>${xmlEscape(arn)}</Arn></AssumedRoleUser>`,
  );
}

/** STS Query actions. */
export function handleSts(state: SandboxState, p: URLSearchParams, authorization: string | undefined, res: ServerResponse): void {
  const action = p.get('Action') ?? '';
  enter(state, `STS.${action}`);
  if (action === 'AssumeRole') return assumeRole(state, p, res);
  if (action === 'GetCallerIdentity') {
    const key = signingOf(authorization).accessKeyId;
    const issued = key ? world(state).credentials.get(key) : undefined;
    const account = issued?.account ?? state.scenario.accountId;
    respond(res, action, `<Arn>${xmlEscape(issued?.arn ?? homeCaller(state))}</Arn><UserId>AROASANDBOX</UserId><Account>${account}</Account>`);
    return;
  }
  throw new AwsError('InvalidAction', `STS ${action} is not served by the sandbox`);
}
