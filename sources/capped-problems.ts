/**
 * Problem lines about individual files, capped: an export with 5,000 broken files names the
 * first 20 and counts the rest in one line (the counts by reason are in `input.files`), so
 * a report stays readable and its size does not grow with the damage.
 */

/** At most this many individual file problems are named; the rest are counted. */
export const MAX_NAMED_PROBLEMS = 20;

/** Lines for the first `max` problems, then one line counting the rest. */
export class CappedProblems {
  private readonly named: string[] = [];
  private more = 0;

  /** `what` names the rest in the closing line, e.g. "skipped CloudTrail files". */
  constructor(
    private readonly what: string,
    private readonly max = MAX_NAMED_PROBLEMS,
  ) {}

  /** One problem: named while under the cap, counted after. */
  add(line: string): void {
    if (this.named.length < this.max) this.named.push(line);
    else this.more++;
  }

  /** The named lines, and one line counting the rest when there are more. */
  lines(): string[] {
    return this.more ? [...this.named, `… and ${this.more.toLocaleString('en-US')} more ${this.what} (counted by reason in input.files.skipped)`] : [...this.named];
  }
}
