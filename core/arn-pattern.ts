/**
 * ARN patterns in one form, matched in linear time. Two kinds of pattern meet here:
 * - IAM resource patterns from policies (`arn:aws:s3:::b/*`, `?`, and policy variables
 *   such as `${aws:username}`, which are resolved per request and so stand for `*`;
 *   `${*}`, `${?}`, `${$}` are IAM's escapes for those characters);
 * - the catalog's ARN templates (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`),
 *   whose placeholders are segment wildcards.
 * Both compile to a list of positions, each a character class that occurs once or
 * repeats (zero or more times); `arn-pattern-match.ts` answers the questions asked of
 * them, in linear time.
 */

/** A position's character class: a literal UTF-16 code unit (≥ 0), or one of these. */
export const ANY = -1;
export const NOT_COLON = -2;

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
export function fold(c: number): number {
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

/** Does the pattern match nothing but the empty string and runs of any character, i.e. everything? */
export function matchesEverything(p: ArnPattern): boolean {
  if (p.classes.length === 0) return false;
  for (let i = 0; i < p.classes.length; i++) if (p.repeats[i] !== 1 || p.classes[i] !== ANY) return false;
  return true;
}
