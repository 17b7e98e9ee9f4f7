// The STM32L4R5 flash read path: wait states (FLASH_ACR.LATENCY), the ART accelerator's
// instruction cache, data cache and prefetch buffer (RM0432 3.3.3-3.3.5). The model keeps
// which flash lines the caches hold and when a prefetched line becomes ready, and answers
// "how many cycles does this access stall the core?".

/** What the firmware has configured (FLASH_ACR), read live at each access. */
export interface FlashConfig {
  /** FLASH_ACR.LATENCY: wait states per flash read */
  waitStates: number;
  /** FLASH_ACR.PRFTEN */
  prefetch: boolean;
  /** FLASH_ACR.ICEN */
  icache: boolean;
  /** FLASH_ACR.DCEN */
  dcache: boolean;
}

export interface ArtParams {
  /** bytes delivered by one flash read (16 single bank, 8 dual bank) */
  readBytes: number;
  /** instruction cache: lines and bytes per line */
  icacheLines: number;
  icacheLineBytes: number;
  /** data cache: lines and bytes per line */
  dcacheLines: number;
  dcacheLineBytes: number;
}

/** A small fully associative cache of line numbers with LRU replacement. */
class LruLines {
  private readonly tags: Int32Array;
  private readonly age: Float64Array;
  private tick = 0;
  constructor(n: number) {
    this.tags = new Int32Array(n).fill(-1);
    this.age = new Float64Array(n);
  }
  has(line: number): boolean {
    const t = this.tags;
    for (let i = 0; i < t.length; i++)
      if (t[i] === line) {
        this.age[i] = ++this.tick;
        return true;
      }
    return false;
  }
  insert(line: number): void {
    let victim = 0;
    for (let i = 1; i < this.tags.length; i++) if (this.age[i] < this.age[victim]) victim = i;
    this.tags[victim] = line;
    this.age[victim] = ++this.tick;
  }
  clear(): void {
    this.tags.fill(-1);
  }
}

export class ArtAccelerator {
  private readonly ic: LruLines;
  private readonly dc: LruLines;
  private readonly readShift: number;
  private readonly icShift: number;
  private readonly dcShift: number;
  /** the flash read unit the core is fetching from now */
  private curRead = -1;
  /** the read unit being prefetched and the cycle it arrives */
  private pfRead = -1;
  private pfReadyAt = 0;
  /** cycles the flash interface is busy until (a data read delays the next fetch) */
  private busyUntil = 0;

  // statistics
  fetchStall = 0;
  dataStall = 0;
  icHits = 0;
  icMisses = 0;
  dcHits = 0;
  dcMisses = 0;

  constructor(
    readonly cfg: FlashConfig,
    p: ArtParams,
  ) {
    this.ic = new LruLines(p.icacheLines);
    this.dc = new LruLines(p.dcacheLines);
    this.readShift = Math.log2(p.readBytes);
    this.icShift = Math.log2(p.icacheLineBytes);
    this.dcShift = Math.log2(p.dcacheLineBytes);
  }

  /** Stall cycles of an instruction fetch from flash offset `off` at cycle `now`. */
  fetch(off: number, now: number): number {
    const read = off >>> this.readShift;
    if (read === this.curRead) return 0;
    this.curRead = read;
    const cfg = this.cfg;
    const ws = cfg.waitStates;
    let stall = 0;
    const line = off >>> this.icShift;
    if (cfg.icache && this.ic.has(line)) {
      this.icHits++;
    } else if (cfg.prefetch && read === this.pfRead) {
      stall = Math.max(0, this.pfReadyAt - now);
      if (cfg.icache) this.ic.insert(line);
    } else {
      // a read takes ws + 1 cycles, of which the core's own fetch cycle covers one
      stall = ws + Math.max(0, this.busyUntil - now);
      if (cfg.icache) {
        this.icMisses++;
        this.ic.insert(line);
      }
    }
    if (cfg.prefetch) {
      this.pfRead = read + 1;
      this.pfReadyAt = now + stall + ws + 1;
    }
    this.busyUntil = now + stall + 1;
    this.fetchStall += stall;
    return stall;
  }

  /** Stall cycles of a data read from flash offset `off` at cycle `now` (literal pools,
   * constant tables). It also takes the flash interface from the prefetcher. */
  data(off: number, now: number): number {
    const cfg = this.cfg;
    const line = off >>> this.dcShift;
    if (cfg.dcache && this.dc.has(line)) {
      this.dcHits++;
      return 0;
    }
    if (cfg.dcache) {
      this.dcMisses++;
      this.dc.insert(line);
    }
    const stall = cfg.waitStates + Math.max(0, this.busyUntil - now);
    // the prefetch in flight is pushed back behind this read
    if (this.pfReadyAt > now) this.pfReadyAt += cfg.waitStates + 1;
    this.busyUntil = now + stall + 1;
    this.dataStall += stall;
    return stall;
  }

  /** FLASH_ACR.ICRST / DCRST, or a change of configuration. */
  reset(): void {
    this.ic.clear();
    this.dc.clear();
    this.curRead = -1;
    this.pfRead = -1;
  }
}
