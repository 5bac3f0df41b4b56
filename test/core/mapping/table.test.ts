import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../core/catalog/catalog.ts';
import { EVENT_TABLE } from '../../../core/mapping/event-table.data.ts';
import { HAND_HOSTS, HAND_OPERATIONS } from '../../../core/mapping/exceptions.ts';
import type { ActionRule } from '../../../core/mapping/types.ts';
import { catalog } from '../../helpers/fixtures.ts';

let cat: Catalog;
beforeAll(async () => {
  cat = await catalog();
});

const actionOf = (r: ActionRule) => (typeof r === 'string' ? r : r.action);

describe('the committed mapping data', () => {
  it('names only actions the catalog knows, in its spelling, in the generated table', () => {
    for (const ops of Object.values(EVENT_TABLE.operations)) {
      for (const rules of Object.values(ops)) for (const r of rules) expect(cat.lookup(actionOf(r))?.action).toBe(actionOf(r));
    }
  });

  it('names only actions the catalog knows in the hand exceptions', () => {
    for (const [service, ops] of Object.entries(HAND_OPERATIONS)) {
      for (const [name, rules] of Object.entries(ops)) {
        for (const r of rules) expect(cat.lookup(actionOf(r)), `${service}:${name} → ${actionOf(r)}`).toBeDefined();
      }
    }
  });

  it('is compact: no operation that the default rule already answers, no host that is its own prefix', () => {
    for (const [service, ops] of Object.entries(EVENT_TABLE.operations)) {
      for (const [name, rules] of Object.entries(ops)) {
        const identity = rules.length === 1 && typeof rules[0] === 'string' && rules[0].toLowerCase() === `${service}:${name}`.toLowerCase();
        expect(identity, `${service}:${name}`).toBe(false);
      }
    }
    for (const [host, prefix] of Object.entries({ ...EVENT_TABLE.hosts, ...HAND_HOSTS })) expect(host).not.toBe(prefix);
    const stored = Object.values(EVENT_TABLE.operations).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(stored).toBeLessThan(1000);
  });

  it('maps every host to a service the catalog has', () => {
    const prefixes = new Set([...Object.values(EVENT_TABLE.hosts), ...Object.values(HAND_HOSTS)]);
    for (const p of prefixes) expect(cat.hasService(p), p).toBe(true);
  });

  it('carries its provenance and licence', () => {
    expect(EVENT_TABLE.provenance.sources.length).toBeGreaterThan(0);
    for (const s of EVENT_TABLE.provenance.sources) {
      expect(s.commit).toMatch(/\S/);
      expect(s.licence).toMatch(/MIT|Apache/);
    }
    expect(EVENT_TABLE.provenance.sources.some((s) => s.repository.startsWith('iann0036/'))).toBe(true);
  });
});
