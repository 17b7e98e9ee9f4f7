// The clock tree as the rest of m4sim sees it: the core clock (HCLK, which is also FCLK of
// the Cortex-M4) and the bus clocks the RCC derives from SYSCLK, with a timeline of every
// change stamped with the core's cycle count. Simulated time is the sum of the segments:
// seconds = sum over i of (cycle[i+1] - cycle[i]) / hz[i]. The cycle model and anything that
// turns cycles into seconds subscribe with onChange().

export interface ClockChange {
  /** cpu.cycles at which the new frequency took effect */
  cycle: number;
  /** core clock (HCLK) from this cycle on, in Hz */
  hz: number;
}

export type ClockListener = (hz: number, cycle: number, clock: Clock) => void;

export class Clock {
  /** core clock HCLK in Hz */
  hz: number;
  /** SYSCLK (before the AHB prescaler), PCLK1 (APB1), PCLK2 (APB2), in Hz */
  sysclkHz: number;
  pclk1Hz: number;
  pclk2Hz: number;
  /** every change of hz, the first entry being the clock at attach time */
  readonly timeline: ClockChange[];
  private readonly listeners: ClockListener[] = [];

  constructor(resetHz: number, cycle = 0) {
    this.hz = this.sysclkHz = this.pclk1Hz = this.pclk2Hz = resetHz;
    this.timeline = [{ cycle, hz: resetHz }];
  }

  onChange(fn: ClockListener): void {
    this.listeners.push(fn);
  }

  /** Sets the tree's frequencies at `cycle`; records and announces a change of HCLK. */
  set(sysclk: number, hclk: number, pclk1: number, pclk2: number, cycle: number): void {
    this.sysclkHz = sysclk;
    this.pclk1Hz = pclk1;
    this.pclk2Hz = pclk2;
    if (hclk === this.hz) return;
    this.hz = hclk;
    const last = this.timeline[this.timeline.length - 1];
    const at = Math.max(cycle, last.cycle);
    if (at === last.cycle) last.hz = hclk;
    else this.timeline.push({ cycle: at, hz: hclk });
    for (const fn of this.listeners) fn(hclk, at, this);
  }

  /** Simulated seconds from the first timeline entry to `cycle`. */
  secondsAt(cycle: number): number {
    let s = 0;
    const t = this.timeline;
    for (let i = 0; i < t.length; i++) {
      const start = t[i].cycle;
      if (cycle <= start) break;
      const end = i + 1 < t.length ? Math.min(t[i + 1].cycle, cycle) : cycle;
      s += (end - start) / t[i].hz;
    }
    return s;
  }

  /** Microseconds to core cycles at the current clock (rounded up, at least 1). */
  usToCycles(us: number): number {
    return Math.max(1, Math.ceil((us * this.hz) / 1e6));
  }
}
