/**
 * AWS Query protocol services: IAM and SNS. Form-encoded requests (`Action=...`), XML
 * responses wrapped in `<{Action}Response><{Action}Result>`, lists as `<member>`.
 * SNS Publish is checked as SNS checks it, and recorded.
 */
import type { ServerResponse } from 'node:http';
import { handleLastAccessed, isLastAccessedAction } from './iam-last-accessed.ts';
import { AwsError, enter, xmlEscape, type SandboxState } from './server.ts';

type Params = URLSearchParams;

const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const SNS_NS = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** Tiny XML builder: objects become elements, arrays become `<member>` lists. */
function toXml(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return xmlEscape(String(value));
}

function respond(res: ServerResponse, ns: string, action: string, result: Record<string, unknown> | undefined): void {
  res.writeHead(200, { 'content-type': 'text/xml' });
  res.end(
    `<${action}Response xmlns="${ns}">${result ? `<${action}Result>${toXml(result)}</${action}Result>` : ''}` +
      `<ResponseMetadata><RequestId>sandbox-request</RequestId></ResponseMetadata></${action}Response>`,
  );
}

function page<T>(items: T[], params: Params, size: number): { items: T[]; IsTruncated: boolean; Marker?: string } {
  const start = Number(params.get('Marker') ?? 0);
  const max = Math.min(Number(params.get('MaxItems') ?? size), size);
  const end = start + max;
  return { items: items.slice(start, end), IsTruncated: end < items.length, ...(end < items.length ? { Marker: String(end) } : {}) };
}

const encodeDoc = (doc: unknown) => encodeURIComponent(typeof doc === 'string' ? doc : JSON.stringify(doc));

function iam(state: SandboxState, action: string, p: Params, res: ServerResponse): void {
  const roleName = p.get('RoleName') ?? '';
  const role = state.scenario.roles.find((r) => r.RoleName === roleName);
  const needRole = () => {
    if (!role) throw new AwsError('NoSuchEntity', `The role with name ${roleName} cannot be found.`, 404);
    return role;
  };
  switch (action) {
    case 'GetRole': {
      const r = needRole() as Record<string, unknown>;
      respond(res, IAM_NS, action, {
        Role: {
          Path: r.Path ?? '/',
          RoleName: r.RoleName,
          RoleId: r.RoleId ?? 'AROASANDBOX',
          Arn: r.Arn,
          CreateDate: r.CreateDate,
          AssumeRolePolicyDocument: r.AssumeRolePolicyDocument ? encodeDoc(r.AssumeRolePolicyDocument) : undefined,
          Tags: (r.Tags as unknown[] | undefined) ?? [],
          PermissionsBoundary: r.PermissionsBoundary,
          RoleLastUsed: r.RoleLastUsed,
        },
      });
      return;
    }
    case 'ListRolePolicies': {
      const names = (needRole().RolePolicyList ?? []).map((x) => x.PolicyName);
      const pg = page(names, p, state.pageSize);
      respond(res, IAM_NS, action, { PolicyNames: pg.items, IsTruncated: pg.IsTruncated, Marker: pg.Marker });
      return;
    }
    case 'GetRolePolicy': {
      if (state.faults.denyGetRolePolicy.has(roleName)) {
        throw new AwsError('AccessDenied', `User: arn:aws:sts::${state.scenario.accountId}:assumed-role/policy-drift/x is not authorized to perform: iam:GetRolePolicy on resource: role ${roleName} because no identity-based policy allows the iam:GetRolePolicy action`, 403);
      }
      const pol = (needRole().RolePolicyList ?? []).find((x) => x.PolicyName === p.get('PolicyName'));
      if (!pol) throw new AwsError('NoSuchEntity', `The role policy with name ${p.get('PolicyName')} cannot be found.`, 404);
      respond(res, IAM_NS, action, { RoleName: roleName, PolicyName: pol.PolicyName, PolicyDocument: encodeDoc(pol.PolicyDocument) });
      return;
    }
    case 'ListAttachedRolePolicies': {
      const pg = page(needRole().AttachedManagedPolicies ?? [], p, state.pageSize);
      respond(res, IAM_NS, action, { AttachedPolicies: pg.items, IsTruncated: pg.IsTruncated, Marker: pg.Marker });
      return;
    }
    case 'GetPolicy':
    case 'GetPolicyVersion': {
      const pol = state.scenario.policies.find((x) => x.Arn === p.get('PolicyArn'));
      if (!pol) throw new AwsError('NoSuchEntity', `Policy ${p.get('PolicyArn')} does not exist or is not attachable.`, 404);
      if (action === 'GetPolicy') {
        respond(res, IAM_NS, action, { Policy: { PolicyName: pol.PolicyName, Arn: pol.Arn, DefaultVersionId: pol.DefaultVersionId, AttachmentCount: 1, IsAttachable: true } });
        return;
      }
      const v = (pol.PolicyVersionList ?? []).find((x) => x.VersionId === p.get('VersionId'));
      if (!v) throw new AwsError('NoSuchEntity', `Policy version ${p.get('VersionId')} does not exist.`, 404);
      const doc = typeof v.Document === 'string' ? v.Document : encodeDoc(v.Document);
      respond(res, IAM_NS, action, { PolicyVersion: { Document: doc, VersionId: v.VersionId, IsDefaultVersion: v.IsDefaultVersion } });
      return;
    }
  }
  throw new AwsError('InvalidAction', `IAM ${action} is not served by the sandbox`);
}

// What XML 1.0 admits is what SNS takes in a message (tab, LF, CR, U+0020–U+D7FF,
// U+E000–U+FFFD, U+10000–U+10FFFF). Written here on its own, not imported from the code under
// test, so that a fault in core/report/escape.ts cannot hide itself.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The raw form value of `name`, percent-decoded as UTF-8 that must be well formed:
 * `URLSearchParams` would quietly turn a lone surrogate's bytes into U+FFFD, which SNS does
 * not do for us. `undefined` when absent, `null` when the bytes are not UTF-8.
 */
function rawFormValue(body: string, name: string): string | null | undefined {
  for (const pair of body.split('&')) {
    const eq = pair.indexOf('=');
    // Parameter names are plain ASCII (`Message`): compared as sent.
    if (pair.slice(0, eq < 0 ? pair.length : eq) !== name) continue;
    const value = eq < 0 ? '' : pair.slice(eq + 1).replace(/\+/g, ' ');
    const bytes = Buffer.from(value.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return null;
    }
  }
  return undefined;
}

/**
 * SNS's own checks: a violation fails the test instead of passing silently. For characters
 * outside XML's set the code is SNS's documented one for a parameter that breaks its
 * constraints (`InvalidParameter`, 400); the reason's wording is the sandbox's (no source
 * found quoting SNS's). The SDK itself refuses a lone surrogate before sending
 * (`URIError: URI malformed` from its URL encoding); a raw request reaches this check.
 */
function checkPublish(p: Params, body: string): void {
  const message = p.get('Message');
  if (message === null || message === '') throw new AwsError('InvalidParameter', 'Invalid parameter: Empty message');
  if (Buffer.byteLength(message, 'utf8') > 262_144) throw new AwsError('InvalidParameter', 'Invalid parameter: Message too long');
  const raw = rawFormValue(body, 'Message');
  if (raw === null || NOT_XML_CHAR.test(raw ?? message)) {
    throw new AwsError('InvalidParameter', 'Invalid parameter: Message Reason: contains characters outside the XML 1.0 character set (control characters, U+FFFE/U+FFFF or unpaired surrogates)');
  }
  const subject = p.get('Subject');
  if (subject !== null) {
    if (subject.length === 0 || subject.length > 100) throw new AwsError('InvalidParameter', 'Invalid parameter: Subject must be 1 to 100 characters');
    if (!/^[\x20-\x7e]+$/.test(subject)) throw new AwsError('InvalidParameter', 'Invalid parameter: Subject must be ASCII text that begins with a letter, number, or punctuation mark; must not include line breaks or control characters');
  }
}

function sns(state: SandboxState, action: string, p: Params, body: string, res: ServerResponse, region: string): void {
  if (action !== 'Publish') throw new AwsError('InvalidAction', `SNS ${action} is not served by the sandbox`);
  checkPublish(p, body);
  const attributes: Record<string, { DataType: string; StringValue?: string }> = {};
  for (let i = 1; p.has(`MessageAttributes.entry.${i}.Name`); i++) {
    const name = p.get(`MessageAttributes.entry.${i}.Name`)!;
    const type = p.get(`MessageAttributes.entry.${i}.Value.DataType`);
    if (!type) throw new AwsError('InvalidParameterValue', `The message attribute '${name}' must contain non-empty message attribute type.`);
    const value = p.get(`MessageAttributes.entry.${i}.Value.StringValue`) ?? undefined;
    attributes[name] = { DataType: type, ...(value !== undefined ? { StringValue: value } : {}) };
  }
  const topicArn = p.get('TopicArn') ?? p.get('TargetArn') ?? '';
  // SNS is regional: a topic is published to through its own region's endpoint only.
  if (!topicArn.startsWith('arn:') || topicArn.split(':')[3] !== region) throw new AwsError('InvalidParameter', 'Invalid parameter: TopicArn');
  const subject = p.get('Subject');
  state.published.push({ topicArn, message: p.get('Message')!, attributes, ...(subject !== null ? { subject } : {}) });
  respond(res, SNS_NS, action, { MessageId: `sandbox-message-${state.published.length}` });
}

export async function handleQuery(state: SandboxState, body: Buffer, res: ServerResponse, region: string): Promise<void> {
  const text = body.toString('utf8');
  const p = new URLSearchParams(text);
  const action = p.get('Action') ?? '';
  const version = p.get('Version');
  if (version === '2010-05-08' && isLastAccessedAction(action)) {
    handleLastAccessed(state, action, p, res);
  } else if (version === '2010-05-08') {
    enter(state, `IAM.${action}`);
    iam(state, action, p, res);
  } else if (version === '2010-03-31') {
    enter(state, `SNS.${action}`);
    sns(state, action, p, text, res, region);
  } else {
    throw new AwsError('InvalidAction', `Query API version ${version} is not served by the sandbox`);
  }
}
