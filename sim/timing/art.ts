// The STM32L4R5 flash read path (RM0432 3.3.3 "Read access latency", 3.3.4 "Adaptive
// real-time memory accelerator (ART Accelerator)"): FLASH_ACR.LATENCY wait states per flash
// read, the ART's prefetch buffer, instruction cache and data cache. The model keeps which
// flash read units the caches hold, which unit the fetch stage is reading from, when the
// prefetched unit arrives and when the flash array is free again, and answers "how many
// cycles does this access stall the core?". Every size comes from the profile (ArtParams).
//
// Timing convention: an access issued at cycle `now` that the base instruction costs already
// cover at zero wait states stalls by (ready - now), where a read started at `start` is ready
// at start + LATENCY and keeps the flash array busy until start + LATENCY + 1.

/** What the firmware has configured (FLASH_ACR), read live at every access: the STM32 model's
 * FlashState object (sim/stm32/flash.ts) has this shape and is updated in place. */
export interface FlashConfig {
  /** FLASH_ACR.LATENCY: wait states per flash read */
  readonly waitStates: number;
  /** FLASH_ACR.PRFTEN */
  readonly prefetch: boolean;
  /** FLASH_ACR.ICEN */
  readonly icache: boolean;
  /** FLASH_ACR.DCEN */
  readonly dcache: boolean;
}

export interface ArtParams {
  /** bytes delivered by one flash read: 8 in dual-bank mode (DBANK = 1), 16 in single bank */
  readBytes: number;
  /** instruction cache: sets x ways entries of one read unit each, LRU within a set */
  icacheSets: number;
  icacheWays: number;
  /** data cache: sets x ways entries of one read unit each */
  dcacheSets: number;
  dcacheWays: number;
}

/** Storage for the ART's state: zeroed bytes (the WebAssembly arena gives it a region of
 * linear memory, so that translated code shares the state: sim/jit/wasm/). */
export type ArtAlloc = (bytes: number) => Uint8Array;

const plainAlloc: ArtAlloc = (bytes) => new Uint8Array(bytes);

/** A set-associative cache of flash read units with LRU replacement inside each set. State in
 * typed arrays: the tag of each entry (-1: empty), its last-use stamp, and the use counter
 * (`tick`, wrapping at 2^32 like the stamps). */
export class UnitCache {
  readonly tags: Int32Array;
  readonly stamp: Uint32Array;
  /** [0]: the last stamp given */
  readonly tick: Uint32Array;
  readonly setMask: number;
  constructor(
    readonly sets: number,
    readonly ways: number,
    alloc: ArtAlloc = plainAlloc,
  ) {
    if (!Number.isInteger(Math.log2(sets)) || ways < 1) throw new Error(`ART cache: ${sets} sets x ${ways} ways (sets must be a power of two)`);
    const n = sets * ways;
    const mem = alloc(4 + 8 * n);
    this.tick = new Uint32Array(mem.buffer, mem.byteOffset, 1);
    this.tags = new Int32Array(mem.buffer, mem.byteOffset + 4, n).fill(-1);
    this.stamp = new Uint32Array(mem.buffer, mem.byteOffset + 4 + 4 * n, n);
    this.setMask = sets - 1;
  }

  /** The entry holding `unit`, or -1. */
  private find(unit: number): number {
    const tags = this.tags;
    const base = (unit & this.setMask) * this.ways;
    for (let i = base, end = base + this.ways; i < end; i++) if (tags[i] === unit) return i;
    return -1;
  }

  /** True (and the entry becomes most recently used) if `unit` is cached. */
  lookup(unit: number): boolean {
    const i = this.find(unit);
    if (i < 0) return false;
    this.stamp[i] = this.tick[0] = this.tick[0] + 1;
    return true;
  }

  /** True if `unit` is cached, without touching the LRU order. */
  holds(unit: number): boolean {
    return this.find(unit) >= 0;
  }

  /** Puts `unit` in its set, replacing the least recently used entry. */
  insert(unit: number): void {
    const base = (unit & this.setMask) * this.ways;
    let victim = base;
    for (let i = base; i < base + this.ways; i++) {
      if (this.tags[i] === unit) {
        victim = i;
        break;
      }
      if (this.tags[i] === -1) {
        victim = i;
        break;
      }
      if (this.stamp[i] < this.stamp[victim]) victim = i;
    }
    this.tags[victim] = unit;
    this.stamp[victim] = this.tick[0] = this.tick[0] + 1;
  }

  clear(): void {
    this.tags.fill(-1);
  }
}

export interface ArtStats {
  /** flash reads started by instruction fetch misses, by the prefetcher, by data reads */
  fetchReads: number;
  prefetchReads: number;
  dataReads: number;
  icacheHits: number;
  icacheMisses: number;
  prefetchHits: number;
  dcacheHits: number;
  dcacheMisses: number;
  /** stall cycles of instruction fetches and of data reads */
  fetchStall: number;
  dataStall: number;
}

/** ArtStats's counters in ArtAccelerator.st, from index S_STATS, in this order. */
export const ART_STATS: readonly (keyof ArtStats)[] = ['fetchReads', 'prefetchReads', 'dataReads', 'icacheHits', 'icacheMisses', 'prefetchHits', 'dcacheHits', 'dcacheMisses', 'fetchStall', 'dataStall'];
// ArtAccelerator.st: the prefetcher's unit and ready cycle, the cycle the flash array is free,
// then the statistics
export const S_PFUNIT = 0;
export const S_PFREADY = 1;
export const S_FREEAT = 2;
export const S_STATS = 4;
const FETCH_READS = S_STATS + 0;
const PREFETCH_READS = S_STATS + 1;
const DATA_READS = S_STATS + 2;
const ICACHE_HITS = S_STATS + 3;
const ICACHE_MISSES = S_STATS + 4;
const PREFETCH_HITS = S_STATS + 5;
const DCACHE_HITS = S_STATS + 6;
const DCACHE_MISSES = S_STATS + 7;
const FETCH_STALL = S_STATS + 8;
const DATA_STALL = S_STATS + 9;

export class ArtAccelerator {
  readonly ic: UnitCache;
  readonly dc: UnitCache;
  private readonly shift: number;
  /** the read unit the fetch stage is taking instructions from */
  private cur = -1;
  /** the prefetcher's unit (-1: none) and the cycle it is ready, the cycle the flash array
   * finishes the last demand (fetch or data) read, the statistics (S_* indices) */
  readonly st: Float64Array;

  constructor(
    readonly cfg: FlashConfig,
    p: ArtParams,
    alloc: ArtAlloc = plainAlloc,
  ) {
    this.shift = Math.log2(p.readBytes);
    if (!Number.isInteger(this.shift)) throw new Error(`ART: readBytes ${p.readBytes} is not a power of two`);
    const mem = alloc(8 * (S_STATS + ART_STATS.length));
    this.st = new Float64Array(mem.buffer, mem.byteOffset, S_STATS + ART_STATS.length);
    this.st[S_PFUNIT] = -1;
    this.ic = new UnitCache(p.icacheSets, p.icacheWays, alloc);
    this.dc = new UnitCache(p.dcacheSets, p.dcacheWays, alloc);
  }

  /** The statistics (a copy). */
  get stats(): ArtStats {
    const out = {} as ArtStats;
    ART_STATS.forEach((k, i) => (out[k] = this.st[S_STATS + i]));
    return out;
  }

  /** Stall cycles of the instruction fetch of the bytes at flash offset `off` by an
   * instruction starting at cycle `now`. */
  fetch(off: number, now: number): number {
    const unit = off >>> this.shift;
    if (unit === this.cur) return 0;
    return this.fetchUnit(unit, now);
  }

  private fetchUnit(unit: number, now: number): number {
    this.cur = unit;
    const cfg = this.cfg;
    const st = this.st;
    // the common case first: an I-cache hit (no stall; with the prefetcher on, the next unit
    // is read unless the I-cache holds it or it is already being read)
    if (cfg.icache && this.ic.lookup(unit)) {
      st[ICACHE_HITS]++;
      if (!cfg.prefetch) st[S_PFUNIT] = -1;
      else if (unit + 1 !== st[S_PFUNIT]) {
        if (this.ic.holds(unit + 1)) st[S_PFUNIT] = -1;
        else this.startPrefetch(unit + 1, now);
      }
      return 0;
    }
    let ready: number;
    if (cfg.prefetch && unit === st[S_PFUNIT]) {
      // RM0432 3.3.4: the prefetched line; copied into the I-cache when it is used
      st[PREFETCH_HITS]++;
      ready = st[S_PFREADY] > now ? st[S_PFREADY] : now;
      if (cfg.icache) this.ic.insert(unit);
    } else {
      // a demand read; a prefetch in progress is abandoned (the branch went elsewhere)
      const start = st[S_FREEAT] > now ? st[S_FREEAT] : now;
      ready = start + cfg.waitStates;
      st[S_FREEAT] = ready + 1;
      st[FETCH_READS]++;
      if (cfg.icache) {
        st[ICACHE_MISSES]++;
        this.ic.insert(unit);
      }
    }
    if (cfg.prefetch) {
      // the next sequential unit is read as soon as the array is free after this one
      const next = unit + 1;
      if (next !== st[S_PFUNIT]) {
        if (cfg.icache && this.ic.holds(next)) st[S_PFUNIT] = -1;
        else this.startPrefetch(next, ready);
      }
    } else st[S_PFUNIT] = -1;
    const stall = ready - now;
    st[FETCH_STALL] += stall;
    return stall;
  }

  /** The prefetcher starts reading `unit` once the flash array is free after the fetch that
   * is ready at `ready`. */
  private startPrefetch(unit: number, ready: number): void {
    const st = this.st;
    const start = st[S_FREEAT] > ready + 1 ? st[S_FREEAT] : ready + 1;
    st[S_PFUNIT] = unit;
    st[S_PFREADY] = start + this.cfg.waitStates;
    st[PREFETCH_READS]++;
  }

  /** Stall cycles of a data read (literal pool, constant table) of flash offset `off` whose
   * data phase starts at cycle `now`. It also delays a prefetch in flight. */
  data(off: number, now: number): number {
    const unit = off >>> this.shift;
    const cfg = this.cfg;
    const st = this.st;
    if (cfg.dcache && this.dc.lookup(unit)) {
      st[DCACHE_HITS]++;
      return 0;
    }
    if (cfg.dcache) {
      st[DCACHE_MISSES]++;
      this.dc.insert(unit);
    }
    const ws = cfg.waitStates;
    const start = st[S_FREEAT] > now ? st[S_FREEAT] : now;
    const ready = start + ws;
    st[S_FREEAT] = ready + 1;
    st[DATA_READS]++;
    if (st[S_PFUNIT] >= 0 && st[S_PFREADY] > start) {
      const restarted = ready + 1 + ws;
      if (restarted > st[S_PFREADY]) st[S_PFREADY] = restarted;
    }
    const stall = ready - now;
    st[DATA_STALL] += stall;
    return stall;
  }

  /** FLASH_ACR.ICRST */
  resetIcache(): void {
    this.ic.clear();
  }

  /** FLASH_ACR.DCRST */
  resetDcache(): void {
    this.dc.clear();
  }

  /** A change of FLASH_ACR (latency or enables): buffers in flight are dropped. */
  configChanged(): void {
    this.cur = -1;
    this.st[S_PFUNIT] = -1;
  }
}
