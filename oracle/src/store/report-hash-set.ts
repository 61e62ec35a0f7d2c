// A compact set of report hashes for idempotent intake: the first 16 bytes of
// each sha256 in one open-addressing table of 32-bit words, ~32 bytes a report
// at the table's load limit (an epoch of 11M reports fits in ~360 MB, where a
// Set of strings would need ~1 GB). 128 bits leave a collision chance of about
// n² / 2^129, negligible for any epoch.

const WORDS = 4;
const MAX_LOAD = 0.5;

export class ReportHashSet {
  private table: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let slots = 16;
    while (slots * MAX_LOAD < initialCapacity) slots *= 2;
    this.table = new Uint32Array(slots * WORDS);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  has(hash: Uint8Array): boolean {
    return this.find(this.table, this.mask, hash) < 0;
  }

  /** Adds a hash; returns false when it was already present. */
  add(hash: Uint8Array): boolean {
    if ((this.count + 1) > (this.mask + 1) * MAX_LOAD) this.grow();
    const slot = this.find(this.table, this.mask, hash);
    if (slot < 0) return false;
    this.write(this.table, slot, hash);
    this.count++;
    return true;
  }

  /** Slot where `hash` would go, or -1 when present. All-zero words mark an empty slot. */
  private find(table: Uint32Array, mask: number, hash: Uint8Array): number {
    if (hash.length < 16) throw new RangeError("report hash must be at least 16 bytes");
    const w0 = (word(hash, 0) | 1) >>> 0; // never zero, so a zero word marks an empty slot
    const w1 = word(hash, 4), w2 = word(hash, 8), w3 = word(hash, 12);
    let slot = (w1 ^ w3) & mask;
    for (;;) {
      const o = slot * WORDS;
      if (table[o] === 0) return slot;
      if (table[o] === w0 && table[o + 1] === w1 && table[o + 2] === w2 && table[o + 3] === w3) return -1;
      slot = (slot + 1) & mask;
    }
  }

  private write(table: Uint32Array, slot: number, hash: Uint8Array): void {
    const o = slot * WORDS;
    table[o] = (word(hash, 0) | 1) >>> 0;
    table[o + 1] = word(hash, 4);
    table[o + 2] = word(hash, 8);
    table[o + 3] = word(hash, 12);
  }

  private grow(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    const table = new Uint32Array(slots * WORDS);
    const mask = slots - 1;
    for (let o = 0; o < old.length; o += WORDS) {
      if (old[o] === 0) continue;
      let slot = (old[o + 1] ^ old[o + 3]) & mask;
      while (table[slot * WORDS] !== 0) slot = (slot + 1) & mask;
      table.set(old.subarray(o, o + WORDS), slot * WORDS);
    }
    this.table = table;
    this.mask = mask;
  }
}

function word(b: Uint8Array, i: number): number {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0;
}
