// The clock facts of the device (profiles/*.json "clocks"), as the STM32 models read them.
// Every number lives in the profile with its source; the code holds the mechanisms.
import { ProfileError } from '../profile.ts';

export interface ClockSpec {
  resetHz: number;
  /** MSI frequency per MSIRANGE value 0..11 (RM0432 6.4.1 RCC_CR MSIRANGE) */
  msiRangesHz: number[];
  hsi16Hz: number;
  hsi48Hz: number;
  lseHz: number;
  lsiHz: number;
  /** the HSE input of the board: 'bypass' (external clock on OSC_IN, e.g. ST-LINK MCO),
   * 'crystal' (a crystal on OSC_IN/OSC_OUT) or 'none' */
  hse: { hz: number; mode: 'bypass' | 'crystal' | 'none' };
  /** time from XXXON to XXXRDY, in microseconds */
  startupUs: { msi: number; hsi16: number; hseBypass: number; hseCrystal: number; pll: number; lse: number; lsi: number; hsi48: number };
  /** regulator settling: VOSF after a VOS/R1MODE change, REGLPF after an LPR change */
  regulatorUs: { vos: number; lpr: number };
  pll: { inputMinHz: number; inputMaxHz: number; vcoMinHz: number; vcoMaxHz: number; nMin: number; nMax: number; outMaxHz: number };
  /** highest HCLK per regulator mode */
  maxHclkHz: { range1Boost: number; range1Normal: number; range2: number; lowPowerRun: number };
  /** highest HCLK for 0, 1, 2, ... flash wait states, per voltage range */
  flashLatencyMaxHz: { range1: number[]; range2: number[] };
}

export function clockSpec(raw: unknown): ClockSpec {
  const c = raw as Partial<ClockSpec>;
  for (const k of ['resetHz', 'msiRangesHz', 'hsi16Hz', 'hsi48Hz', 'lseHz', 'lsiHz', 'hse', 'startupUs', 'regulatorUs', 'pll', 'maxHclkHz', 'flashLatencyMaxHz'] as const)
    if (c[k] === undefined) throw new ProfileError(`profile clocks: missing "${k}" (needed by the STM32 clock model)`);
  return c as ClockSpec;
}
