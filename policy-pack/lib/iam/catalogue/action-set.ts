/**
 * A set of IAM actions as a bitset over the catalogue's action ids, which are ordered by service,
 * so that a service is a range of bits and filters, unions and every-action checks are word
 * operations. Only the window of words from the first to the last non-zero one is stored: most
 * statements grant a few services, so most sets are a few words long. Actions the catalogue does
 * not know (a literal newer than the catalogue) are kept by name beside the bits.
 */
export class ActionSet {
  private constructor(
    /** The index of the first stored word; the words before it and after the window are zero. */
    private readonly base: number,
    /** Bit `id % 32` of word `(id >>> 5) - base` is set when the action with that id is in the set. */
    private readonly words: Uint32Array,
    /** Actions outside the catalogue, spelled as the pattern that named them. */
    readonly unknown: ReadonlySet<string>,
  ) {}

  static readonly EMPTY = new ActionSet(0, new Uint32Array(0), new Set());

  /** The set of the ids of `[start, end)` ranges (pairs in `ranges`) and the unknown names. */
  static fromRanges(ranges: readonly number[], unknown: ReadonlySet<string> = NO_NAMES): ActionSet {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < ranges.length; i += 2) {
      if (ranges[i] >= ranges[i + 1]) continue;
      low = Math.min(low, ranges[i]);
      high = Math.max(high, ranges[i + 1]);
    }
    if (low === Infinity) {
      return unknown.size === 0 ? ActionSet.EMPTY : new ActionSet(0, NO_WORDS, unknown);
    }
    const base = low >>> 5;
    const words = new Uint32Array(((high - 1) >>> 5) - base + 1);
    for (let i = 0; i < ranges.length; i += 2) {
      const start = ranges[i];
      const end = ranges[i + 1];
      for (let index = start >>> 5; index <= (end - 1) >>> 5 && start < end; index++) {
        words[index - base] |= rangeMask(index, start, end);
      }
    }
    return new ActionSet(base, words, unknown);
  }

  has(id: number): boolean {
    const index = (id >>> 5) - this.base;
    return index >= 0 && index < this.words.length && (this.words[index] & (1 << (id & 31))) !== 0;
  }

  isEmpty(): boolean {
    return this.words.length === 0 && this.unknown.size === 0;
  }

  /** The actions in either set. */
  union(other: ActionSet): ActionSet {
    const unknown = unionNames(this.unknown, other.unknown);
    if (other.words.length === 0) return new ActionSet(this.base, this.words, unknown);
    if (this.words.length === 0) return new ActionSet(other.base, other.words, unknown);
    const base = Math.min(this.base, other.base);
    const end = Math.max(this.base + this.words.length, other.base + other.words.length);
    const words = new Uint32Array(end - base);
    words.set(this.words, this.base - base);
    const offset = other.base - base;
    for (let i = 0; i < other.words.length; i++) words[offset + i] |= other.words[i];
    return new ActionSet(base, words, unknown);
  }

  /** The actions in both sets. */
  intersect(other: ActionSet): ActionSet {
    const unknown =
      this.unknown.size === 0 || other.unknown.size === 0
        ? NO_NAMES
        : new Set([...this.unknown].filter((name) => other.unknown.has(name)));
    const base = Math.max(this.base, other.base);
    const end = Math.min(this.base + this.words.length, other.base + other.words.length);
    if (base >= end)
      return unknown.size === 0 ? ActionSet.EMPTY : new ActionSet(0, NO_WORDS, unknown);
    const words = new Uint32Array(end - base);
    const thisOffset = base - this.base;
    const otherOffset = base - other.base;
    for (let i = 0; i < words.length; i++) {
      words[i] = this.words[thisOffset + i] & other.words[otherOffset + i];
    }
    return ActionSet.trimmed(base, words, unknown);
  }

  /** The actions of this set that are not in `other`. */
  subtract(other: ActionSet): ActionSet {
    const unknown =
      other.unknown.size === 0
        ? this.unknown
        : new Set([...this.unknown].filter((name) => !other.unknown.has(name)));
    const words = this.words.slice();
    const base = Math.max(this.base, other.base);
    const end = Math.min(this.base + this.words.length, other.base + other.words.length);
    for (let index = base; index < end; index++) {
      words[index - this.base] &= ~other.words[index - other.base];
    }
    return ActionSet.trimmed(this.base, words, unknown);
  }

  /** True when the two sets share an action. */
  intersects(other: ActionSet): boolean {
    const base = Math.max(this.base, other.base);
    const end = Math.min(this.base + this.words.length, other.base + other.words.length);
    for (let index = base; index < end; index++) {
      if (this.words[index - this.base] & other.words[index - other.base]) return true;
    }
    if (this.unknown.size === 0 || other.unknown.size === 0) return false;
    for (const name of this.unknown) if (other.unknown.has(name)) return true;
    return false;
  }

  /** True when every action of `other` that the catalogue knows is in this set. */
  containsKnown(other: ActionSet): boolean {
    for (let i = 0; i < other.words.length; i++) {
      if ((other.words[i] & ~this.word(other.base + i)) !== 0) return false;
    }
    return true;
  }

  /** How many ids of `[start, end)` are in the set. */
  countRange(start: number, end: number): number {
    let count = 0;
    for (let index = start >>> 5; index <= (end - 1) >>> 5 && start < end; index++) {
      count += popCount(this.word(index) & rangeMask(index, start, end));
    }
    return count;
  }

  /** True when every id of `[start, end)` is in the set. */
  hasRange(start: number, end: number): boolean {
    for (let index = start >>> 5; index <= (end - 1) >>> 5 && start < end; index++) {
      const mask = rangeMask(index, start, end);
      if ((this.word(index) & mask) !== mask) return false;
    }
    return true;
  }

  /** The first id the stored words cover: no smaller id is in the set. */
  get windowStart(): number {
    return this.base << 5;
  }

  /** The id after the stored words: no id from here on is in the set. */
  get windowEnd(): number {
    return (this.base + this.words.length) << 5;
  }

  /** The ids of `[start, end)` that are in the set, in order. */
  idsInRange(start: number, end: number): number[] {
    const ids: number[] = [];
    for (let index = start >>> 5; index <= (end - 1) >>> 5 && start < end; index++) {
      let word = this.word(index) & rangeMask(index, start, end);
      while (word !== 0) {
        const lowest = word & -word;
        ids.push((index << 5) + 31 - Math.clz32(lowest));
        word ^= lowest;
      }
    }
    return ids;
  }

  /** The set of `words` from `base`, without the zero words at either end. */
  private static trimmed(
    base: number,
    words: Uint32Array,
    unknown: ReadonlySet<string>,
  ): ActionSet {
    let first = 0;
    let end = words.length;
    while (first < end && words[first] === 0) first++;
    while (end > first && words[end - 1] === 0) end--;
    if (first === end) {
      return unknown.size === 0 ? ActionSet.EMPTY : new ActionSet(0, NO_WORDS, unknown);
    }
    return new ActionSet(base + first, words.subarray(first, end), unknown);
  }

  private word(index: number): number {
    const offset = index - this.base;
    return offset >= 0 && offset < this.words.length ? this.words[offset] : 0;
  }
}

const NO_NAMES: ReadonlySet<string> = new Set();
const NO_WORDS = new Uint32Array(0);

function unionNames(left: ReadonlySet<string>, right: ReadonlySet<string>): ReadonlySet<string> {
  if (right.size === 0) return left;
  if (left.size === 0) return right;
  return new Set([...left, ...right]);
}

/** The bits of word `index` that fall in `[start, end)`, as a signed 32-bit value. */
function rangeMask(index: number, start: number, end: number): number {
  const low = index === start >>> 5 ? start & 31 : 0;
  const high = index === (end - 1) >>> 5 ? ((end - 1) & 31) + 1 : 32;
  const upTo = high === 32 ? -1 : (1 << high) - 1;
  return upTo & ~((1 << low) - 1);
}

function popCount(word: number): number {
  let value = word - ((word >>> 1) & 0x55555555);
  value = (value & 0x33333333) + ((value >>> 2) & 0x33333333);
  return (((value + (value >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
