/**
 * How much of a suggested policy the text and Markdown reports print. A role granted `*`
 * keeps thousands of not-observable actions in its suggestion: dozens of documents, pages
 * of a terminal. Whole documents are printed (never a cut one: a printed document is the
 * policy), up to a budget; the rest is counted and pointed to (`--verbose`, the JSON
 * report), never dropped silently. The JSON report always holds every document.
 */
import type { PolicyJson } from './schema.ts';

/** Characters of policy JSON printed per role before the remaining documents are only counted. */
export const PRINTED_POLICY_CHARS = 8_000;

export interface PrintedSuggestion {
  /** The documents to print, in order (at least the first). */
  shown: PolicyJson[];
  /** What is not printed, or undefined when everything is. */
  omitted?: { documents: number; statements: number; actions: number };
}

/** The documents to print: all with `verbose`, else whole documents within `PRINTED_POLICY_CHARS`. */
export function printedSuggestion(docs: readonly PolicyJson[], verbose = false): PrintedSuggestion {
  if (verbose) return { shown: [...docs] };
  let chars = 0;
  let n = 0;
  while (n < docs.length) {
    chars += JSON.stringify(docs[n]).length;
    if (n > 0 && chars > PRINTED_POLICY_CHARS) break;
    n++;
  }
  if (n === docs.length) return { shown: [...docs] };
  const rest = docs.slice(n);
  const statements = rest.reduce((s, d) => s + d.Statement.length, 0);
  const actions = rest.reduce((s, d) => s + d.Statement.reduce((a, st) => a + st.Action.length, 0), 0);
  return { shown: docs.slice(0, n), omitted: { documents: rest.length, statements, actions } };
}

/** "12 more documents (340 statements, 4,102 actions) are not printed: …" */
export function omittedSentence(o: NonNullable<PrintedSuggestion['omitted']>, where: string): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(o.documents)} more document${o.documents === 1 ? '' : 's'} (${n(o.statements)} statements, ${n(o.actions)} actions) not printed: ${where}.`;
}
