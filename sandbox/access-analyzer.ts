/**
 * IAM Access Analyzer's policy checks in the sandbox (REST-JSON): `CheckNoNewAccess`
 * (POST /policy/check-no-new-access) and `ValidatePolicy` (POST /policy/validation, paged).
 * The sandbox does not reason about policies (our own property tests prove "never broader");
 * it checks requests as AWS does (both documents JSON with a Statement, a known policy
 * type) and answers as a test tells it: by default PASS and no findings; a rule whose text
 * appears in the policy sent switches the answer to a failure with a reason, a security
 * warning, or throttling.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, enter, type SandboxState } from './server.ts';

/** How the sandbox answers a check whose policy contains `when`. */
export interface AccessAnalyzerRule {
  when: string;
  /** `fail`: CheckNoNewAccess answers FAIL with `reason`; `security-warning`: ValidatePolicy reports one; `throttle`: both answer ThrottlingException. */
  answer: 'fail' | 'security-warning' | 'throttle';
  reason?: string;
}

/** Is this request one of Access Analyzer's policy checks? */
export function isAccessAnalyzerRequest(req: IncomingMessage): boolean {
  return req.method === 'POST' && /^\/policy\/(check-no-new-access|validation)(\?|$)/.test(req.url ?? '');
}

const POLICY_TYPES = new Set(['IDENTITY_POLICY', 'RESOURCE_POLICY', 'SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']);

/** A policy document as AWS accepts it: JSON text of an object with a Statement. */
function document(field: string, value: unknown): string {
  if (typeof value !== 'string') throw new AwsError('ValidationException', `${field} is required`);
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    throw new AwsError('ValidationException', `${field} is not valid JSON`);
  }
  if (typeof doc !== 'object' || doc === null || !('Statement' in doc)) throw new AwsError('ValidationException', `${field} has no Statement`);
  return value;
}

function ruleFor(state: SandboxState, policy: string): AccessAnalyzerRule | undefined {
  return state.faults.accessAnalyzer.find((r) => policy.includes(r.when));
}

function checkNoNewAccess(state: SandboxState, req: Record<string, unknown>): Record<string, unknown> {
  if (req.policyType !== 'IDENTITY_POLICY' && req.policyType !== 'RESOURCE_POLICY') throw new AwsError('ValidationException', 'policyType must be IDENTITY_POLICY or RESOURCE_POLICY');
  document('existingPolicyDocument', req.existingPolicyDocument);
  const policy = document('newPolicyDocument', req.newPolicyDocument);
  const rule = ruleFor(state, policy);
  if (rule?.answer === 'throttle') throw new AwsError('ThrottlingException', 'Rate exceeded', 429);
  if (rule?.answer === 'fail') {
    const reason = rule.reason ?? 'The policy allows new access.';
    return { result: 'FAIL', message: 'The modified permissions grant new access compared to your existing policy.', reasons: [{ description: reason, statementIndex: 0 }] };
  }
  return { result: 'PASS', message: 'The modified permissions do not grant new access compared to your existing policy.', reasons: [] };
}

function validatePolicy(state: SandboxState, req: Record<string, unknown>, url: URL): Record<string, unknown> {
  if (!POLICY_TYPES.has(String(req.policyType))) throw new AwsError('ValidationException', 'policyType is not valid');
  const policy = document('policyDocument', req.policyDocument);
  const rule = ruleFor(state, policy);
  if (rule?.answer === 'throttle') throw new AwsError('ThrottlingException', 'Rate exceeded', 429);
  const findings =
    rule?.answer === 'security-warning'
      ? [
          { findingType: 'SECURITY_WARNING', issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', findingDetails: rule.reason ?? 'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive.', learnMoreLink: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html', locations: [] },
          { findingType: 'SUGGESTION', issueCode: 'EMPTY_ARRAY_RESOURCE', findingDetails: 'Add resources to the array.', learnMoreLink: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html', locations: [] },
        ]
      : [];
  const start = Number(url.searchParams.get('nextToken') ?? 0);
  const end = start + Math.min(Number(url.searchParams.get('maxResults') ?? 100), state.pageSize);
  return { findings: findings.slice(start, end), ...(end < findings.length ? { nextToken: String(end) } : {}) };
}

/** Serve one Access Analyzer call (the router sends `/policy/...` POSTs here). */
export async function handleAccessAnalyzer(state: SandboxState, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const check = url.pathname === '/policy/check-no-new-access';
  enter(state, `AccessAnalyzer.${check ? 'CheckNoNewAccess' : 'ValidatePolicy'}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    throw new AwsError('ValidationException', 'request body is not JSON');
  }
  const input = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const out = check ? checkNoNewAccess(state, input) : validatePolicy(state, input, url);
  res.writeHead(200, { 'content-type': 'application/json', 'x-amzn-requestid': `sandbox-${state.calls.length}` });
  res.end(JSON.stringify(out));
}
