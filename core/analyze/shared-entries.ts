/**
 * The entries of granted, unseen actions, built once per run per granted-action object.
 */
import type { GrantedAction } from '../model.ts';
import type { NotObservableEntry, UnusedEntry } from '../report/schema.ts';
import type { ActionClassifier } from './classify.ts';

/**
 * Per-run memo of the entries that depend only on a (shared) granted-action object, so
 * that roles attaching the same policies share their entries instead of rebuilding them:
 * `effectiveGrants` hands such roles the same `GrantedAction` objects, and a `*` grant
 * is 22,000 of them per role. Measured on the bench's 200 wildcard roles (1.7M granted
 * actions, `npm run bench`, 2 shared cores): 1.6–2.0 s without this memo, 1.0–1.4 s with it.
 */
export class SharedEntries {
  private readonly unused = new Map<GrantedAction, UnusedEntry>();
  private readonly hidden = new Map<GrantedAction, NotObservableEntry>();
  constructor(private readonly classifier: ActionClassifier) {}

  /** The unused entry of a granted action. */
  unusedEntry = (g: GrantedAction): UnusedEntry => {
    let e = this.unused.get(g);
    if (!e) {
      e = {
        action: g.action,
        accessLevel: g.accessLevel,
        grantedBy: [...new Set(g.grantedBy.map((s) => (s.sid ? `${s.policy}#${s.sid}` : s.policy)))],
        viaWildcard: g.grantedBy.every((s) => s.viaWildcard),
      };
      this.unused.set(g, e);
    }
    return e;
  };

  /** The not-observable entry of a granted action, with the input's reason. */
  notObservableEntry = (g: GrantedAction): NotObservableEntry => {
    let e = this.hidden.get(g);
    if (!e) {
      const o = this.classifier.observability(g.action);
      e = { action: g.action, accessLevel: g.accessLevel, reason: o.reason!, detail: o.detail ?? '' };
      this.hidden.set(g, e);
    }
    return e;
  };
}
