import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../core/inventory/inventory.ts';
import { applyRoleScope, clusterInScope } from '../../core/inventory/scope.ts';
import { ConfigError } from '../../core/errors.ts';
import { loadConfig } from '../../stack/config.ts';

const base = { POLICY_DRIFT_REGIONS: 'us-east-1, eu-west-1', POLICY_DRIFT_BUCKET: 'b', POLICY_DRIFT_TOPIC_ARN: 'arn:aws:sns:us-east-1:1:t' };

describe('stack configuration', () => {
  it('reads the environment with documented defaults', () => {
    expect(loadConfig(base)).toMatchObject({
      regions: ['us-east-1', 'eu-west-1'],
      windowDays: 90,
      suppressionMinutes: 1440,
      backfillHours: 24,
      overlapMinutes: 20,
      safetyMs: 60_000,
      scope: { excludeRoleTags: ['policy-drift:ignore=true'], includeClusters: [] },
    });
  });

  it('fails at cold start on a malformed value instead of defaulting silently', () => {
    expect(() => loadConfig({ ...base, POLICY_DRIFT_WINDOW_DAYS: 'ninety' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, POLICY_DRIFT_TOPIC_ARN: '' })).toThrow(/TOPIC_ARN/);
    expect(() => loadConfig({ ...base, POLICY_DRIFT_BUCKET: '' })).toThrow(/BUCKET/);
  });
});

describe('scope', () => {
  it('includes and excludes clusters by pattern', () => {
    const scope = { includeClusters: ['prod-*'], excludeClusters: ['prod-legacy'] };
    expect(clusterInScope('prod-eu', scope)).toBe(true);
    expect(clusterInScope('prod-legacy', scope)).toBe(false);
    expect(clusterInScope('staging', scope)).toBe(false);
  });

  it('leaves out roles by tag or ARN pattern and says why', () => {
    const inv = buildInventory([{ family: 'a', revision: 1, taskRoleArn: 'arn:aws:iam::1:role/keep', executionRoleArn: 'arn:aws:iam::1:role/sandbox/exec' }, { family: 'b', revision: 1, taskRoleArn: 'arn:aws:iam::1:role/tagged' }], []);
    const excluded = applyRoleScope(inv, (k): Record<string, string> => (k === '1:tagged' ? { 'policy-drift:ignore': 'true' } : {}), {
      excludeRoleTags: ['policy-drift:ignore=true'],
      excludeRoleArns: ['arn:aws:iam::*:role/sandbox/*'],
    });
    expect([...inv.roles.keys()]).toEqual(['1:keep']);
    expect(excluded).toEqual([
      { roleArn: 'arn:aws:iam::1:role/sandbox/exec', reason: 'ARN pattern' },
      { roleArn: 'arn:aws:iam::1:role/tagged', reason: 'tag policy-drift:ignore=true' },
    ]);
  });
});
