/*
 * STM32L4R5 clock set-up at register level.
 *
 * Sequence (RM0432 rev 9: 5.1.8 "Dynamic voltage scaling management", 6.2.9 PLL,
 * 3.3.3 "Read access latency" table 12; as STM32CubeL4's HAL_PWREx_ControlVoltageScaling
 * and HAL_RCC_ClockConfig do it):
 *  1. enable the PWR clock (RCC_APB1ENR1.PWREN);
 *  2. voltage range 1 (PWR_CR1.VOS = 01), wait PWR_SR2.VOSF = 0; above 80 MHz select
 *     range 1 boost (PWR_CR5.R1MODE = 0), otherwise range 1 normal (R1MODE = 1);
 *  3. raise the flash latency BEFORE raising the clock, poll FLASH_ACR until it reads back;
 *     enable prefetch, I-cache and D-cache (ART);
 *  4. MSI at range 6 (4 MHz) as PLL input; PLL off, wait PLLRDY = 0, program
 *     PLLM/PLLN/PLLR, PLLREN, PLL on, wait PLLRDY = 1;
 *  5. above 80 MHz the switch to the PLL goes through an intermediate AHB prescaler /2
 *     (RM0432 5.1.8: "the system clock must be divided by 2 using the AHB prescaler
 *     before switching to a higher frequency and wait for at least 1 us"), then SW = PLL,
 *     wait SWS = PLL, wait 1 us, restore HPRE = /1.
 * Flash latency, range 1 (table 12): <=20 MHz 0 WS, <=40 1, <=60 2, <=80 3, <=100 4, <=120 5.
 */
#include "system_stm32l4r5.h"
#include "stm32l4r5_regs.h"

uint32_t SystemCoreClock = 4000000u;

#define TIMEOUT 1000000u

static int wait_set(volatile uint32_t *reg, uint32_t mask, uint32_t value) {
  for (uint32_t i = 0; i < TIMEOUT; i++)
    if ((*reg & mask) == value) return 1;
  return 0;
}

static uint32_t flash_latency_for(uint32_t mhz) {
  if (mhz <= 20) return 0;
  if (mhz <= 40) return 1;
  if (mhz <= 60) return 2;
  if (mhz <= 80) return 3;
  if (mhz <= 100) return 4;
  return 5;
}

static void delay_cycles(uint32_t n) {
  for (volatile uint32_t i = 0; i < n; i++) {
  }
}

int clock_init_mhz(uint32_t mhz) {
  /* PLL parameters: VCO input 4 MHz (M = 1), VCO = 4 * N in 64..344 MHz, SYSCLK = VCO / R. */
  uint32_t pll_n = 0, pll_r_field = 0;
  if (mhz != 4) {
    if (mhz < 16 || mhz > 120 || (mhz & 1u)) return -1;
    static const uint8_t rdiv[4] = {2, 4, 6, 8};
    for (uint32_t k = 0; k < 4 && pll_n == 0; k++) {
      uint32_t vco = mhz * rdiv[k];
      if (vco >= 64 && vco <= 344 && vco % 4 == 0) {
        pll_n = vco / 4;
        pll_r_field = k;
      }
    }
    if (pll_n == 0) return -1;
  }
  uint32_t boost = mhz > 80;
  uint32_t latency = flash_latency_for(mhz);

  /* 1. PWR clock */
  RCC_APB1ENR1 |= RCC_APB1ENR1_PWREN;
  (void)RCC_APB1ENR1; /* read back: the clock is running before the first PWR access */

  /* 2. range 1 (+ boost) */
  if (((PWR_CR1 >> PWR_CR1_VOS_Pos) & 3u) != 1u) {
    PWR_CR1 = (PWR_CR1 & ~(3u << PWR_CR1_VOS_Pos)) | (1u << PWR_CR1_VOS_Pos);
  }
  if (!wait_set(&PWR_SR2, PWR_SR2_VOSF, 0)) return 1;
  if (boost) PWR_CR5 &= ~PWR_CR5_R1MODE;
  else PWR_CR5 |= PWR_CR5_R1MODE;
  if (!wait_set(&PWR_SR2, PWR_SR2_VOSF, 0)) return 2;

  /* 3. flash latency (raise before the clock goes up), ART on */
  FLASH_ACR = (FLASH_ACR & ~FLASH_ACR_LATENCY_Msk) | latency | FLASH_ACR_PRFTEN | FLASH_ACR_ICEN |
              FLASH_ACR_DCEN;
  if (!wait_set(&FLASH_ACR, FLASH_ACR_LATENCY_Msk, latency)) return 3;

  /* 4. MSI 4 MHz (range 6 via MSIRGSEL) */
  RCC_CR |= RCC_CR_MSION;
  if (!wait_set(&RCC_CR, RCC_CR_MSIRDY, RCC_CR_MSIRDY)) return 4;
  RCC_CR = (RCC_CR & ~(0xFu << RCC_CR_MSIRANGE_Pos)) | (6u << RCC_CR_MSIRANGE_Pos) | RCC_CR_MSIRGSEL;

  if (mhz == 4) {
    RCC_CFGR &= ~((3u << RCC_CFGR_SW_Pos) | (0xFu << RCC_CFGR_HPRE_Pos) | (7u << RCC_CFGR_PPRE1_Pos) |
                  (7u << RCC_CFGR_PPRE2_Pos));
    if (!wait_set(&RCC_CFGR, 3u << RCC_CFGR_SWS_Pos, 0)) return 5;
    SystemCoreClock = 4000000u;
    return 0;
  }

  /* PLL must be off (and the system clock not on it) to be reprogrammed. */
  if (((RCC_CFGR >> RCC_CFGR_SWS_Pos) & 3u) == 3u) {
    RCC_CFGR &= ~(3u << RCC_CFGR_SW_Pos); /* back to MSI */
    if (!wait_set(&RCC_CFGR, 3u << RCC_CFGR_SWS_Pos, 0)) return 5;
  }
  RCC_CR &= ~RCC_CR_PLLON;
  if (!wait_set(&RCC_CR, RCC_CR_PLLRDY, 0)) return 6;
  RCC_PLLCFGR = (1u << RCC_PLLCFGR_PLLSRC_Pos)     /* MSI */
                | (0u << RCC_PLLCFGR_PLLM_Pos)     /* M = 1 */
                | (pll_n << RCC_PLLCFGR_PLLN_Pos)  /* N */
                | (pll_r_field << RCC_PLLCFGR_PLLR_Pos) | RCC_PLLCFGR_PLLREN;
  RCC_CR |= RCC_CR_PLLON;
  if (!wait_set(&RCC_CR, RCC_CR_PLLRDY, RCC_CR_PLLRDY)) return 7;

  /* 5. switch, via HPRE /2 when going above 80 MHz */
  uint32_t cfgr = RCC_CFGR & ~((0xFu << RCC_CFGR_HPRE_Pos) | (7u << RCC_CFGR_PPRE1_Pos) |
                               (7u << RCC_CFGR_PPRE2_Pos) | (3u << RCC_CFGR_SW_Pos));
  if (boost) cfgr |= 8u << RCC_CFGR_HPRE_Pos; /* AHB /2 */
  RCC_CFGR = cfgr | (3u << RCC_CFGR_SW_Pos);
  if (!wait_set(&RCC_CFGR, 3u << RCC_CFGR_SWS_Pos, 3u << RCC_CFGR_SWS_Pos)) return 8;
  if (boost) {
    delay_cycles(100); /* >= 1 us at 60 MHz HCLK */
    RCC_CFGR &= ~(0xFu << RCC_CFGR_HPRE_Pos);
  }
  SystemCoreClock = mhz * 1000000u;
  return 0;
}

int clock_init_120mhz(void) { return clock_init_mhz(120); }
