/**
 * The shape the design promises, checked on the source tree: `core/` is pure (no SDK, no
 * filesystem, network, clock or environment), dependencies point inward (handlers/cli →
 * stack/sources → core), there are no import cycles, and no function in `core/` runs past
 * 60 lines (data tables aside).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const LAYERS = ['core', 'sources', 'stack', 'cli', 'handlers'] as const;

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mts|mjs)$/.test(e.name) && !e.name.endsWith('.d.mts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const sources = LAYERS.flatMap(files);

/** Relative imports of a file, resolved to repository paths; package imports as written. */
function importsOf(file: string): { local: string[]; packages: string[] } {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const local: string[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2]!;
    if (spec.startsWith('.')) local.push(relative(ROOT, resolve(ROOT, dirname(file), spec)));
    else packages.push(spec);
  }
  return { local, packages };
}

const layerOf = (file: string) => file.split('/')[0] as (typeof LAYERS)[number];

describe('architecture', () => {
  it('keeps core pure: no SDK, filesystem, network, process or clock imports', () => {
    const impure = /^(@aws-sdk\/|node:(fs|net|http|https|child_process|worker_threads|os|dns|tls))/;
    const offenders = sources
      .filter((f) => layerOf(f) === 'core')
      .flatMap((f) => importsOf(f).packages.filter((p) => impure.test(p)).map((p) => `${f} imports ${p}`));
    expect(offenders).toEqual([]);
    const clockOrEnv = sources
      .filter((f) => layerOf(f) === 'core' && !f.endsWith('.data.ts'))
      .filter((f) => /\bDate\.now\(|process\.env|new Date\(\)/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(clockOrEnv).toEqual([]);
  });

  it('points dependencies inward: core imports only core; sources and stack never import cli or handlers', () => {
    const allowed: Record<string, string[]> = {
      core: ['core'],
      sources: ['core', 'sources'],
      stack: ['core', 'sources', 'stack'],
      cli: ['core', 'sources', 'cli'],
      handlers: ['core', 'sources', 'stack', 'handlers'],
    };
    const offenders = sources.flatMap((f) =>
      importsOf(f).local.filter((to) => !allowed[layerOf(f)]!.includes(to.split('/')[0]!)).map((to) => `${f} → ${to}`),
    );
    expect(offenders).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(sources.map((f) => [f, importsOf(f).local.filter((to) => sources.includes(to))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const to of graph.get(f) ?? []) visit(to, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });

  // Being split by the work in progress on the catalog's ARN matching and the record's
  // resource extraction; remove each entry once its function is split.
  const KNOWN_LONG = new Set(['core/trail/resources.ts:candidateResources']);

  it('keeps every function in core under 60 lines (data tables aside)', () => {
    const long: string[] = [];
    for (const f of sources.filter((x) => layerOf(x) === 'core' && x.endsWith('.ts') && !x.endsWith('.data.ts'))) {
      const sf = ts.createSourceFile(f, readFileSync(join(ROOT, f), 'utf8'), ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node) => {
        if (ts.isFunctionLike(node) && 'body' in node && node.body) {
          const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
          const end = sf.getLineAndCharacterOfPosition(node.end).line;
          const name = (node as ts.FunctionDeclaration).name?.getText(sf) ?? '(anonymous)';
          if (end - start + 1 > 60 && !KNOWN_LONG.has(`${f}:${name}`)) long.push(`${f}:${start + 1} ${name} (${end - start + 1} lines)`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    expect(long).toEqual([]);
  });
});
