/** The deployed report's evidence switches: documented defaults, and a malformed value fails at cold start. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../core/errors.ts';
import { loadEvidenceConfig } from '../../stack/evidence.ts';

describe('evidence switches', () => {
  it('reads last-accessed reports and checks suggestions by default, within 300 s', () => {
    expect(loadEvidenceConfig({})).toEqual({ lastAccessed: true, lastAccessedBudgetMs: 300_000, accessAnalyzerChecks: true });
    expect(loadEvidenceConfig({ POLICY_DRIFT_ACCESS_ANALYZER_CHECKS: 'False', POLICY_DRIFT_LAST_ACCESSED: 'false', POLICY_DRIFT_LAST_ACCESSED_BUDGET_SECONDS: '60' })).toEqual({
      lastAccessed: false,
      lastAccessedBudgetMs: 60_000,
      accessAnalyzerChecks: false,
    });
  });

  it('refuses what it cannot read rather than guessing', () => {
    expect(() => loadEvidenceConfig({ POLICY_DRIFT_ACCESS_ANALYZER_CHECKS: 'off' })).toThrow(ConfigError);
    expect(() => loadEvidenceConfig({ POLICY_DRIFT_LAST_ACCESSED_BUDGET_SECONDS: '5000' })).toThrow(/from 10 to 800/);
  });
});
