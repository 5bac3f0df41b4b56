/**
 * ARN patterns in one form, matched in linear time. Two kinds of pattern meet here:
 * - IAM resource patterns from policies (`arn:aws:s3:::b/*`, `?`, and policy variables
 *   such as `${aws:username}`, which are resolved per request and so stand for `*`;
 *   `${*}`, `${?}`, `${$}` are IAM's escapes for those characters);
 * - the catalog's ARN templates (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`),
 *   whose placeholders are segment wildcards.
 * Both compile to a list of positions, each a character class that occurs once or
 * repeats (zero or more times). Three questions are asked of them: does a pattern match
 * a string, can two patterns match a common string, and does one pattern match
 * everything another does. Each is answered by a walk over pairs of positions with an
 * explicit worklist: no recursion (a 10 KB ARN overflowed the stack of the recursive
 * matcher this replaces) and no backtracking (an 80,000-segment S3 key made a
 * catalog RegExp backtrack for seconds); time is at most the product of the two lengths.
 */

/** A position's character class: a literal UTF-16 code unit (≥ 0), or one of these. */
const ANY = -1;
const NOT_COLON = -2;

/** A compiled pattern: one character class per position, and whether it repeats. */
export interface ArnPattern {
  /** Literal code unit (lower-cased when the pattern ignores case), `ANY` or `NOT_COLON`. */
  readonly classes: Int32Array;
  /** 1 where the position matches zero or more characters, 0 where it matches exactly one. */
  readonly repeats: Uint8Array;
  /** Literals compare without regard to ASCII case. */
  readonly ignoreCase: boolean;
}

/** Case-fold one code unit, ASCII only: ARNs are ASCII in practice, and this runs per character. */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

class Builder {
  private readonly classes: number[] = [];
  private readonly repeats: number[] = [];
  constructor(private readonly ignoreCase: boolean) {}
  literal(text: string): this {
    for (let i = 0; i < text.length; i++) this.push(this.ignoreCase ? fold(text.charCodeAt(i)) : text.charCodeAt(i), false);
    return this;
  }
  push(cls: number, repeat: boolean): this {
    // Two repeats of the same class in a row match what one does: keep the pattern short.
    const last = this.classes.length - 1;
    if (repeat && last >= 0 && this.repeats[last] === 1 && this.classes[last] === cls) return this;
    this.classes.push(cls);
    this.repeats.push(repeat ? 1 : 0);
    return this;
  }
  build(): ArnPattern {
    return { classes: Int32Array.from(this.classes), repeats: Uint8Array.from(this.repeats), ignoreCase: this.ignoreCase };
  }
}

/**
 * An IAM resource pattern (`*`, `?`, `${policy:variable}`) as a pattern. ARN matching in
 * IAM is case-sensitive; `ignoreCase` is for comparisons with the catalog's templates.
 */
export function iamResourcePattern(text: string, ignoreCase = false): ArnPattern {
  return glob(text, ignoreCase, true, 0);
}

/**
 * An IAM resource pattern read against *real* ARNs: a wildcard in the partition, service,
 * region or account field (one followed by another `:` in the pattern) stands for that
 * field only, since no real ARN holds a `:` there. IAM itself lets such a `*` run past the
 * colon, but into the resource part of a real ARN it could only match a name with a colon
 * and the rest of the pattern in it: `arn:aws:ec2:*:*:snapshot/*` would otherwise reach
 * every EC2 resource type through an id like `x:y:snapshot/z`, which no resource has.
 * Only for deciding what a statement can reach (`core/policy/reach.ts`).
 */
export function iamResourcePatternByField(text: string, ignoreCase = false): ArnPattern {
  return glob(text, ignoreCase, true, headEnd(text));
}

/** Where the last of the first five field separators (`:` outside `${…}`) is; 0 when there is none. */
function headEnd(text: string): number {
  let colons = 0;
  let end = 0;
  for (let i = 0; i < text.length && colons < 5; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) break;
      i = close;
    } else if (text[i] === ':') {
      colons++;
      end = i;
    }
  }
  return end;
}

/** An IAM action pattern (`s3:Get*`, `?`), which IAM compares without case. */
export function iamActionPattern(text: string): ArnPattern {
  return glob(text, true, false, 0);
}

/** `*`, `?` (and policy variables) as wildcards; before `boundedBefore`, wildcards do not match `:`. */
function glob(text: string, ignoreCase: boolean, variables: boolean, boundedBefore: number): ArnPattern {
  const b = new Builder(ignoreCase);
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const any = i < boundedBefore ? NOT_COLON : ANY;
    if (ch === '*') b.push(any, true);
    else if (ch === '?') b.push(any, false);
    else if (variables && ch === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end < 0) {
        b.literal(text.slice(i));
        break;
      }
      // `${*}`, `${?}` and `${$}` are IAM's escapes for the literal characters.
      const name = text.slice(i + 2, end);
      if (name === '*' || name === '?' || name === '$') b.literal(name);
      else b.push(any, true);
      i = end;
    } else b.literal(ch);
    i++;
  }
  return b.build();
}

/** A concrete string as a pattern that matches exactly it (`*` and `?` in it are plain characters). */
export function literalPattern(text: string, ignoreCase = false): ArnPattern {
  return new Builder(ignoreCase).literal(text).build();
}

/**
 * A catalog ARN template as a pattern. `${Partition}` is one or more characters other
 * than `:` (or `partition` itself, when given: a role's credentials work in its own
 * partition only); `${Region}` and `${Account}` are zero or more characters other than
 * `:`; every other placeholder is one or more characters of any kind (object keys, paths
 * and qualified names hold `/` and `:`); a literal `*` (the catalog writes
 * `…:cert:*`) is zero or more of any character. Literals ignore ASCII case, as the
 * catalog's ARN matching always has.
 */
export function arnTemplatePattern(template: string, partition?: string): ArnPattern {
  const b = new Builder(true);
  let i = 0;
  while (i < template.length) {
    const start = template.indexOf('${', i);
    const literalEnd = start < 0 ? template.length : start;
    for (let k = i; k < literalEnd; k++) {
      const ch = template[k]!;
      if (ch === '*') b.push(ANY, true);
      else b.literal(ch);
    }
    if (start < 0) break;
    const end = template.indexOf('}', start);
    const name = template.slice(start + 2, end < 0 ? template.length : end);
    if (name === 'Partition' && partition) b.literal(partition);
    else if (name === 'Partition') b.push(NOT_COLON, false).push(NOT_COLON, true);
    else if (name === 'Region' || name === 'Account') b.push(NOT_COLON, true);
    else b.push(ANY, false).push(ANY, true);
    i = end < 0 ? template.length : end + 1;
  }
  return b.build();
}

/** Can one character be in both classes? */
function meet(x: number, y: number, ignoreCase: boolean): boolean {
  if (x >= 0 && y >= 0) return ignoreCase ? fold(x) === fold(y) : x === y;
  if (x === ANY || y === ANY) return true;
  // One is NOT_COLON; the other is NOT_COLON or a literal.
  return (x >= 0 ? x : y) !== 58;
}

/** Is every character of class `inner` also in class `outer`? */
function within(inner: number, outer: number, ignoreCase: boolean): boolean {
  if (outer === ANY) return true;
  if (outer === NOT_COLON) return inner === NOT_COLON || (inner >= 0 && inner !== 58);
  return inner >= 0 && (ignoreCase ? fold(inner) === fold(outer) : inner === outer);
}

// Scratch buffers for `matchesText`, grown on demand: it runs for every resource of every
// call of a tracked role, and allocating three arrays per call cost more than the match.
let marks = new Int32Array(64);
let current = new Int32Array(64);
let next = new Int32Array(64);
let generation = 0;

function ensureScratch(size: number): void {
  if (marks.length >= size) return;
  const n = Math.max(size, marks.length * 2);
  marks = new Int32Array(n);
  current = new Int32Array(n);
  next = new Int32Array(n);
  generation = 0;
}

/** Add position `i` and every position reachable from it by skipping repeats; returns the new list length. */
function addState(p: ArnPattern, list: Int32Array, length: number, i: number): number {
  const m = p.classes.length;
  let k = i;
  for (;;) {
    if (marks[k] === generation) return length;
    marks[k] = generation;
    list[length++] = k;
    if (k === m || p.repeats[k] === 0) return length;
    k++;
  }
}

/**
 * Does the pattern match the whole of `text`? A simulation of the pattern's automaton,
 * one step per character over the positions alive at that point: linear in the text for
 * a pattern of fixed size, whatever the text holds.
 */
export function matchesText(p: ArnPattern, text: string): boolean {
  const m = p.classes.length;
  ensureScratch(m + 1);
  if (generation > 0x3fffffff) {
    marks.fill(0);
    generation = 0;
  }
  generation++;
  let cur = current;
  let nxt = next;
  let curLength = addState(p, cur, 0, 0);
  for (let t = 0; t < text.length && curLength > 0; t++) {
    const raw = text.charCodeAt(t);
    const c = p.ignoreCase ? fold(raw) : raw;
    generation++;
    let nextLength = 0;
    for (let s = 0; s < curLength; s++) {
      const i = cur[s]!;
      if (i === m) continue;
      const cls = p.classes[i]!;
      if (cls >= 0 ? cls !== c : cls === NOT_COLON && c === 58) continue;
      nextLength = addState(p, nxt, nextLength, p.repeats[i] === 1 ? i : i + 1);
    }
    [cur, nxt] = [nxt, cur];
    curLength = nextLength;
  }
  for (let s = 0; s < curLength; s++) if (cur[s] === m) return true;
  return false;
}

/**
 * Can the two patterns match a common string? A search over pairs of positions (one in
 * each pattern) reachable by consuming the same characters; literals compare without
 * case when either pattern ignores it.
 */
export function patternsIntersect(a: ArnPattern, b: ArnPattern): boolean {
  const ma = a.classes.length;
  const mb = b.classes.length;
  const ignoreCase = a.ignoreCase || b.ignoreCase;
  const width = mb + 1;
  const seen = new Uint8Array((ma + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const visit = (i: number, j: number) => {
    const key = i * width + j;
    if (seen[key] === 0) {
      seen[key] = 1;
      stack.push(key);
    }
  };
  while (stack.length > 0) {
    const key = stack.pop()!;
    const i = Math.floor(key / width);
    const j = key - i * width;
    if (i === ma && j === mb) return true;
    const ra = i < ma && a.repeats[i] === 1;
    const rb = j < mb && b.repeats[j] === 1;
    if (ra) visit(i + 1, j);
    if (rb) visit(i, j + 1);
    // Consuming one character in both: a repeat stays where it is (both staying goes nowhere new).
    if (i < ma && j < mb && !(ra && rb) && meet(a.classes[i]!, b.classes[j]!, ignoreCase)) visit(ra ? i : i + 1, rb ? j : j + 1);
  }
  return false;
}

/**
 * Does `outer` match every string `inner` matches? Decided by laying `inner`'s positions
 * over `outer`'s: a repeat of `outer` absorbs any run of `inner` positions whose classes
 * it contains, a single position of `outer` absorbs one single position of `inner`. This
 * is sound (a "yes" is always right) and may say "no" for odd pairs that do cover each
 * other, which only makes a suggestion keep its grant's own scope. Dynamic programming
 * from the ends, one row of `inner` at a time.
 */
export function patternCovers(outer: ArnPattern, inner: ArnPattern): boolean {
  const mo = outer.classes.length;
  const mi = inner.classes.length;
  const ignoreCase = outer.ignoreCase && inner.ignoreCase;
  // below[j]: does inner[j..] fit outer[i+1..]; row[j]: does inner[j..] fit outer[i..].
  let below = new Uint8Array(mi + 1);
  let row = new Uint8Array(mi + 1);
  below[mi] = 1;
  for (let i = mo - 1; i >= 0; i--) {
    const cls = outer.classes[i]!;
    const repeat = outer.repeats[i] === 1;
    row[mi] = repeat ? below[mi]! : 0;
    for (let j = mi - 1; j >= 0; j--) {
      const fits = within(inner.classes[j]!, cls, ignoreCase);
      if (repeat) row[j] = below[j]! === 1 || (fits && row[j + 1]! === 1) ? 1 : 0;
      else row[j] = fits && inner.repeats[j] === 0 && below[j + 1]! === 1 ? 1 : 0;
    }
    [below, row] = [row, below];
  }
  return below[0] === 1;
}

/**
 * How many repeats of the pattern can end at more than one place: every repeat but a
 * `NOT_COLON` run followed by a literal `:` (which can end only at the next colon).
 */
function ambiguousRuns(p: ArnPattern): number {
  let n = 0;
  for (let i = 0; i < p.classes.length; i++) {
    if (p.repeats[i] !== 1) continue;
    const boundedByColon = p.classes[i] === NOT_COLON && i + 1 < p.classes.length && p.classes[i + 1] === 58 && p.repeats[i + 1] === 0;
    if (!boundedByColon) n++;
  }
  return n;
}

/**
 * A tester for one pattern, as fast as is safe. With at most two runs that can end at
 * more than one place, a RegExp cannot backtrack more than linearly (the last run takes
 * whatever is left, so each place the one before could end is tried once) and it is about
 * eight times faster than `matchesText` on ordinary ARNs (0.5 µs against 4 µs per test,
 * measured on the catalog's S3, DynamoDB, KMS and Logs templates): the catalog's templates
 * are tested for every resource of every call of a tracked role. Anything else gets the
 * automaton. Both read `ANY` as any character, newlines included.
 */
export function fastTester(p: ArnPattern): (text: string) => boolean {
  if (ambiguousRuns(p) > 2) return (text) => matchesText(p, text);
  let body = '';
  for (let i = 0; i < p.classes.length; i++) {
    const c = p.classes[i]!;
    const cls = c === ANY ? '[\\s\\S]' : c === NOT_COLON ? '[^:]' : `\\u${c.toString(16).padStart(4, '0')}`;
    body += p.repeats[i] === 1 ? `${cls}*` : cls;
  }
  const re = new RegExp(`^${body}$`, p.ignoreCase ? 'i' : '');
  return (text) => re.test(text);
}

/** Does the pattern match nothing but the empty string and runs of any character, i.e. everything? */
export function matchesEverything(p: ArnPattern): boolean {
  if (p.classes.length === 0) return false;
  for (let i = 0; i < p.classes.length; i++) if (p.repeats[i] !== 1 || p.classes[i] !== ANY) return false;
  return true;
}
