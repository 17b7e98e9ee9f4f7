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

/** A set-associative cache of flash read units with LRU replacement inside each set. */
export class UnitCache {
  private readonly tags: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly setMask: number;
  private tick = 0;
  /** by unit: the entry that holds it, or -1 (an index kept beside the tags so a lookup
   * is one load, not a search of the set; grown as higher units are seen) */
  private where = new Int32Array(1024).fill(-1);
  constructor(
    sets: number,
    readonly ways: number,
  ) {
    if (!Number.isInteger(Math.log2(sets)) || ways < 1) throw new Error(`ART cache: ${sets} sets x ${ways} ways (sets must be a power of two)`);
    this.tags = new Int32Array(sets * ways).fill(-1);
    this.stamp = new Uint32Array(sets * ways);
    this.setMask = sets - 1;
  }

  /** True (and the entry becomes most recently used) if `unit` is cached. */
  lookup(unit: number): boolean {
    const w = this.where;
    if (unit >= w.length) return false;
    const i = w[unit];
    if (i < 0) return false;
    this.stamp[i] = ++this.tick;
    return true;
  }

  /** True if `unit` is cached, without touching the LRU order. */
  holds(unit: number): boolean {
    return unit < this.where.length && this.where[unit] >= 0;
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
    const old = this.tags[victim];
    if (old >= 0) this.where[old] = -1;
    if (unit >= this.where.length) {
      let len = this.where.length;
      while (len <= unit) len *= 2;
      const w = new Int32Array(len).fill(-1);
      w.set(this.where);
      this.where = w;
    }
    this.tags[victim] = unit;
    this.where[unit] = victim;
    this.stamp[victim] = ++this.tick;
  }

  clear(): void {
    this.tags.fill(-1);
    this.where.fill(-1);
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

export class ArtAccelerator {
  readonly ic: UnitCache;
  readonly dc: UnitCache;
  private readonly shift: number;
  /** the read unit the fetch stage is taking instructions from */
  private cur = -1;
  /** the unit the prefetcher is reading (or has read) and the cycle it is ready */
  private pfUnit = -1;
  private pfReadyAt = 0;
  /** the cycle the flash array finishes the last demand (fetch or data) read */
  private freeAt = 0;
  readonly stats: ArtStats = {
    fetchReads: 0, prefetchReads: 0, dataReads: 0, icacheHits: 0, icacheMisses: 0, prefetchHits: 0,
    dcacheHits: 0, dcacheMisses: 0, fetchStall: 0, dataStall: 0,
  };

  constructor(
    readonly cfg: FlashConfig,
    p: ArtParams,
  ) {
    this.shift = Math.log2(p.readBytes);
    if (!Number.isInteger(this.shift)) throw new Error(`ART: readBytes ${p.readBytes} is not a power of two`);
    this.ic = new UnitCache(p.icacheSets, p.icacheWays);
    this.dc = new UnitCache(p.dcacheSets, p.dcacheWays);
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
    const s = this.stats;
    // the common case first: an I-cache hit (no stall; with the prefetcher on, the next unit
    // is read unless the I-cache holds it or it is already being read)
    if (cfg.icache && this.ic.lookup(unit)) {
      s.icacheHits++;
      if (!cfg.prefetch) this.pfUnit = -1;
      else if (unit + 1 !== this.pfUnit) {
        if (this.ic.holds(unit + 1)) this.pfUnit = -1;
        else this.startPrefetch(unit + 1, now);
      }
      return 0;
    }
    let ready: number;
    if (cfg.prefetch && unit === this.pfUnit) {
      // RM0432 3.3.4: the prefetched line; copied into the I-cache when it is used
      s.prefetchHits++;
      ready = this.pfReadyAt > now ? this.pfReadyAt : now;
      if (cfg.icache) this.ic.insert(unit);
    } else {
      // a demand read; a prefetch in progress is abandoned (the branch went elsewhere)
      const start = this.freeAt > now ? this.freeAt : now;
      ready = start + cfg.waitStates;
      this.freeAt = ready + 1;
      s.fetchReads++;
      if (cfg.icache) {
        s.icacheMisses++;
        this.ic.insert(unit);
      }
    }
    if (cfg.prefetch) {
      // the next sequential unit is read as soon as the array is free after this one
      const next = unit + 1;
      if (next !== this.pfUnit) {
        if (cfg.icache && this.ic.holds(next)) this.pfUnit = -1;
        else this.startPrefetch(next, ready);
      }
    } else this.pfUnit = -1;
    const stall = ready - now;
    s.fetchStall += stall;
    return stall;
  }

  /** The prefetcher starts reading `unit` once the flash array is free after the fetch that
   * is ready at `ready`. */
  private startPrefetch(unit: number, ready: number): void {
    const start = this.freeAt > ready + 1 ? this.freeAt : ready + 1;
    this.pfUnit = unit;
    this.pfReadyAt = start + this.cfg.waitStates;
    this.stats.prefetchReads++;
  }

  /** Stall cycles of a data read (literal pool, constant table) of flash offset `off` whose
   * data phase starts at cycle `now`. It also delays a prefetch in flight. */
  data(off: number, now: number): number {
    const unit = off >>> this.shift;
    const cfg = this.cfg;
    const s = this.stats;
    if (cfg.dcache && this.dc.lookup(unit)) {
      s.dcacheHits++;
      return 0;
    }
    if (cfg.dcache) {
      s.dcacheMisses++;
      this.dc.insert(unit);
    }
    const ws = cfg.waitStates;
    const start = this.freeAt > now ? this.freeAt : now;
    const ready = start + ws;
    this.freeAt = ready + 1;
    s.dataReads++;
    if (this.pfUnit >= 0 && this.pfReadyAt > start) {
      const restarted = ready + 1 + ws;
      if (restarted > this.pfReadyAt) this.pfReadyAt = restarted;
    }
    const stall = ready - now;
    s.dataStall += stall;
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
    this.pfUnit = -1;
  }
}
