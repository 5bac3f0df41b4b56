/**
 * Suggested policies put to IAM Access Analyzer, through the SDK:
 *
 * 1. `ValidatePolicy` (IDENTITY_POLICY) on each suggested document: an ERROR or a
 *    SECURITY_WARNING fails the suggestion (warnings and suggestions are counted, not fatal).
 *    Free of charge, so it runs first: a suggestion that fails it needs no billed check.
 * 2. `CheckNoNewAccess` (IDENTITY_POLICY): the suggestion, as one document, against the
 *    role's current identity policies combined into one (core/evidence/combine.ts says how).
 *    FAIL fails the suggestion, with AWS's reasons. Billed per call (README, "Cost").
 *
 * Verified only when both pass. A call that fails (throttled past the SDK's retries,
 * access denied, a document too large) leaves the suggestion "not checked", with why:
 * never verified by default.
 */
import { AccessAnalyzerClient, CheckNoNewAccessCommand, paginateValidatePolicy, type ValidatePolicyFinding } from '@aws-sdk/client-accessanalyzer';
import type { SuggestionChecker } from '../../core/evidence/ports.ts';
import { combinedSuggestion } from '../../core/evidence/combine.ts';
import type { PolicyJson, SuggestionCheck } from '../../core/report/schema.ts';
import { describeError, type ClientOptions } from './clients.ts';

/** The Access Analyzer client; throttling is retried by the SDK (3 attempts by default). */
export const accessAnalyzerClient = (o: ClientOptions = {}) =>
  new AccessAnalyzerClient({ ...(o.region ? { region: o.region } : {}), maxAttempts: o.maxAttempts ?? 3 });

/** Findings that make a policy unfit to apply. */
const isBlocking = (f: ValidatePolicyFinding) => f.findingType === 'ERROR' || f.findingType === 'SECURITY_WARNING';

const findingText = (f: ValidatePolicyFinding) => `${f.findingType} ${f.issueCode ?? ''}: ${(f.findingDetails ?? '').replace(/\s+/g, ' ').slice(0, 300)}`;

async function validate(client: AccessAnalyzerClient, docs: readonly PolicyJson[]): Promise<ValidatePolicyFinding[]> {
  const findings: ValidatePolicyFinding[] = [];
  for (const doc of docs) {
    for await (const page of paginateValidatePolicy({ client }, { policyDocument: JSON.stringify(doc), policyType: 'IDENTITY_POLICY' })) findings.push(...(page.findings ?? []));
  }
  return findings;
}

/** A checker backed by IAM Access Analyzer. */
export function accessAnalyzerChecker(client: AccessAnalyzerClient): SuggestionChecker {
  return {
    async check(request): Promise<SuggestionCheck> {
      let step = 'ValidatePolicy';
      try {
        const findings = await validate(client, request.suggestion);
        const blocking = findings.filter(isBlocking);
        if (blocking.length) return { status: 'failed', reason: `ValidatePolicy found ${blocking.length} error(s) or security warning(s)`, findings: blocking.map(findingText) };
        step = 'CheckNoNewAccess';
        const out = await client.send(
          new CheckNoNewAccessCommand({
            existingPolicyDocument: JSON.stringify(request.current),
            newPolicyDocument: JSON.stringify(combinedSuggestion(request.suggestion)),
            policyType: 'IDENTITY_POLICY',
          }),
        );
        const reasons = (out.reasons ?? []).map((r) => `${r.statementId ?? `statement ${r.statementIndex ?? '?'}`}: ${r.description ?? ''}`.trim());
        if (out.result === 'FAIL') return { status: 'failed', reason: `CheckNoNewAccess: ${(out.message ?? 'the suggestion allows new access').replace(/\.$/, '')}`, findings: reasons };
        if (out.result !== 'PASS') return { status: 'not-checked', reason: `CheckNoNewAccess answered ${String(out.result)}` };
        const minor = findings.length ? ` (${findings.length} warning(s) or suggestion(s))` : '';
        return { status: 'verified', detail: `no new access beyond its current identity policies (CheckNoNewAccess), no error or security warning (ValidatePolicy)${minor}` };
      } catch (e) {
        return { status: 'not-checked', reason: `${step} failed: ${describeError(e)}` };
      }
    },
  };
}
