/**
 * A bounded memo table for the fold's hot path. A trail names the same few event sources,
 * event names, role ARNs and session names millions of times, so the fold resolves each
 * once and looks it up after (see `foldCaches` for the tables and their bounds). A table
 * that reaches its bound is emptied and refills with what the input names now: a long or
 * hostile input cannot grow it without limit, and a trail's working set is small enough
 * that refilling costs next to nothing.
 */
export class Memo<K, V> {
  private readonly table = new Map<K, V>();

  constructor(readonly limit: number) {}

  /** The remembered value, or undefined when there is none. */
  get(key: K): V | undefined {
    return this.table.get(key);
  }

  /** Remember `value` for `key` (emptying a full table first); returns `value`. */
  set(key: K, value: V): V {
    if (this.table.size >= this.limit) this.table.clear();
    this.table.set(key, value);
    return value;
  }

  /** Entries held now. */
  get size(): number {
    return this.table.size;
  }
}
