/**
 * The suggested policy judged as IAM would judge it, call by call: every call the role made
 * and today's policies allowed is still allowed (as unconditionally as today), and no call
 * at all is allowed that today's policies refuse, with Allow and Deny statements, resource
 * patterns and conditions mixed at random. Conditions are opaque here: a statement under
 * condition C applies to a request only when C holds.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { suggestPolicy } from '../../../core/analyze/suggest.ts';
import { effectiveGrants } from '../../../core/policy/grants.ts';
import { addToSample, emptySample, type ResourceSample } from '../../../core/usage/sorted-set.ts';
import { catalog, policy, roleGrants } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

interface St {
  Effect: string;
  Action: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Record<string, unknown>;
}

function glob(pattern: string, s: string, caseless: boolean): boolean {
  const rx = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${rx}$`, caseless ? 'i' : '').test(s);
}

/** The conditions (JSON, '' for none) under which the statements of one effect apply to the call. */
function applying(statements: readonly St[], effect: 'Allow' | 'Deny', action: string, arn: string): Set<string> {
  const out = new Set<string>();
  for (const st of statements) {
    if (st.Effect !== effect || !st.Action.some((p) => glob(p, action, true))) continue;
    const inside = st.NotResource ? !st.NotResource.some((p) => glob(p, arn, false)) : (st.Resource ?? []).some((p) => glob(p, arn, false));
    if (inside) out.add(st.Condition ? JSON.stringify(st.Condition) : '');
  }
  return out;
}

const OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'];
const PATTERNS = ['*', 'arn:aws:s3:::a/*', 'arn:aws:s3:::a/x/*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/2026/*', 'arn:aws:s3:::c/?', 'arn:aws:s3:::a/x/1', 'arn:aws:s3:::*/y/*'];
const KEYS = ['x/1', 'x/2', 'y/z', '1', 'x/2026/11/09/ab12.json', 'y/0123456789abcdef/f', 'x/2026/0042', 'y/y/z'];
const CONDITIONS = [{ Bool: { 'aws:SecureTransport': 'true' } }, { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }];

const statement = (effect: 'Allow' | 'Deny') =>
  fc.record({
    actions: fc.subarray([...OBJECT_ACTIONS, 's3:*Object'], { minLength: 1 }),
    resources: fc.subarray(PATTERNS, { minLength: 1 }),
    condition: fc.option(fc.constantFrom(0, 1), { nil: undefined }),
  }).map(
    (s): St => ({ Effect: effect, Action: s.actions, Resource: s.resources, ...(s.condition === undefined ? {} : { Condition: CONDITIONS[s.condition] }) }),
  );

const arn = fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom(...KEYS)).map(([b, k]) => `arn:aws:s3:::${b}/${k}`);

describe('the suggested policy, evaluated', () => {
  it('property: allows every call today\'s policies allowed, as unconditionally as they did, and nothing they refuse', () => {
    const arb = fc.record({
      allows: fc.array(statement('Allow'), { minLength: 1, maxLength: 4 }),
      denies: fc.array(statement('Deny'), { maxLength: 2 }),
      calls: fc.array(fc.tuple(fc.constantFrom(...OBJECT_ACTIONS), arn), { maxLength: 14 }),
    });
    fc.assert(
      fc.property(arb, ({ allows, denies, calls }) => {
        const today = [...allows, ...denies];
        const g = effectiveGrants(roleGrants('r', [policy('p', { Statement: today })]), cat);
        // The calls CloudTrail would show as allowed: some Allow applies, no Deny refuses outright.
        const recorded = calls.filter(([action, a]) => applying(today, 'Allow', action, a).size > 0 && !applying(today, 'Deny', action, a).has(''));
        const samples = new Map<string, ResourceSample>();
        for (const [action, a] of recorded) {
          const s = samples.get(action) ?? emptySample();
          addToSample(s, a);
          samples.set(action, s);
        }
        const docs = suggestPolicy(cat, g.actions, [...samples].map(([action, resources]) => ({ action, resources })), []);
        const suggested = docs.flatMap((d) => d.Statement) as St[];

        for (const [action, a] of recorded) {
          const before = applying(today, 'Allow', action, a);
          const after = applying(suggested, 'Allow', action, a);
          if (before.has('')) expect(after.has(''), `${action} on ${a} allowed today without a condition`).toBe(true);
          else expect([...after].some((c) => before.has(c)), `${action} on ${a} no longer allowed`).toBe(true);
          for (const c of applying(suggested, 'Deny', action, a)) expect(applying(today, 'Deny', action, a).has(c), `${action} on ${a}: a Deny today's policies do not have`).toBe(true);
        }

        // Never broader: any call (not only recorded ones) the suggestion allows, today's policies allow under the same
        // condition or none, and every Deny of today's that applies to it applies in the suggestion too.
        for (const action of OBJECT_ACTIONS)
          for (const b of ['a', 'b', 'c'])
            for (const k of [...KEYS, 'q', 'x/3', 'y/other/deep.json']) {
              const probe = `arn:aws:s3:::${b}/${k}`;
              const allowedNow = applying(suggested, 'Allow', action, probe);
              if (allowedNow.size === 0) continue;
              const allowedToday = applying(today, 'Allow', action, probe);
              for (const c of allowedNow) expect(allowedToday.has(c) || allowedToday.has(''), `${action} on ${probe} under ${c || 'no condition'}`).toBe(true);
              const deniedNow = applying(suggested, 'Deny', action, probe);
              for (const c of applying(today, 'Deny', action, probe)) expect(deniedNow.has(c) || deniedNow.has(''), `${action} on ${probe}: Deny ${c || 'without condition'} dropped`).toBe(true);
            }
      }),
      { numRuns: 300 },
    );
  });
});
