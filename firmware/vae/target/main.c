/*
 * VAE training firmware for the Nucleo-L4R5ZI (STM32L4R5ZI, 120 MHz).
 *
 * - clock_init_120mhz(); FPU enabled by the startup code
 * - configuration from the semihosting file "vae.cfg" (optional, key=value lines):
 *     steps=200        training samples to run
 *     seed=1           PRNG seed (same default as vae-host)
 *     infer_every=10   one timed inference (encoder mu) every N steps, 0 = none
 *     log_every=10     progress line every N steps, 0 = none
 *     uart=1           also log on LPUART1 (ST-LINK virtual COM port, 115200 8N1)
 *     data=train.bin   M4VD training file, read sequentially (wraps at the end)
 *     dump=weights-fp32.bin / weights-u8.bin   M4VW weight dump at the end ("" = none)
 *     cls_per_class=0  classifier phase after training (0 = none): the first N images per
 *                      class of the data file (N <= 10) labelled, the classifier trained
 *                      cls_epochs=25 epochs on their mu, then cls_eval=100 further images
 *                      classified (cls_phase in src/cls.c; vae-host --cls-phase does the same)
 * - MARK0 (PC7) high during each training step, MARK1 (PB7) high during each inference
 * - ITM stimulus port 1: (layer id << 8) | phase at the start/end of each layer's forward
 *   and backward pass and of the batch update (docs/workload.md); port 2: step number at
 *   the start of each step; DWT CYCCNT runs.
 * Exit code 0 on success, 1 on a data/config error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "board.h"
#include "system_stm32l4r5.h"
#include "cls.h"
#include "data.h"
#include "vae.h"

extern void initialise_monitor_handles(void);

#define ITM_PORT_LAYER 1u
#define ITM_PORT_STEP 2u

void vae_itm_mark(uint32_t code) { itm_write32(ITM_PORT_LAYER, code); }

#if VAE_U8
#define PREC "u8"
#else
#define PREC "fp32"
#endif

static int g_uart;

/* LPUART1 output with a bounded wait: if TXE never comes, UART logging switches off. */
static void uart_puts(const char *s) {
  if (!g_uart) return;
  for (; *s; s++) {
    uint32_t n = 0;
    while (!(LPUART_ISR(LPUART1_BASE) & USART_ISR_TXE))
      if (++n > 1000000u) {
        g_uart = 0;
        return;
      }
    LPUART_TDR(LPUART1_BASE) = (uint8_t)*s;
  }
}

static void log_line(const char *s) {
  fputs(s, stdout);
  fflush(stdout);
  uart_puts(s);
}

typedef struct {
  uint32_t steps, seed, infer_every, log_every, uart, cls_per_class, cls_epochs, cls_eval;
  char data[64], dump[64];
} config;

static void read_config(config *c) {
  c->steps = 200;
  c->seed = 1;
  c->infer_every = 10;
  c->log_every = 10;
  c->uart = 1;
  c->cls_per_class = 0;
  c->cls_epochs = 25;
  c->cls_eval = 100;
  strcpy(c->data, "train.bin");
  strcpy(c->dump, "weights-" PREC ".bin");
  FILE *f = fopen("vae.cfg", "r");
  if (!f) return;
  char line[96];
  while (fgets(line, sizeof line, f)) {
    char *eq = strchr(line, '=');
    if (!eq) continue;
    *eq = 0;
    char *v = eq + 1;
    v[strcspn(v, "\r\n")] = 0;
    if (!strcmp(line, "steps")) c->steps = (uint32_t)strtoul(v, 0, 10);
    else if (!strcmp(line, "seed")) c->seed = (uint32_t)strtoul(v, 0, 10);
    else if (!strcmp(line, "infer_every")) c->infer_every = (uint32_t)strtoul(v, 0, 10);
    else if (!strcmp(line, "log_every")) c->log_every = (uint32_t)strtoul(v, 0, 10);
    else if (!strcmp(line, "uart")) c->uart = (uint32_t)strtoul(v, 0, 10);
    else if (!strcmp(line, "cls_per_class")) c->cls_per_class = (uint32_t)strtoul(v, 0, 10);
    else if (!strcmp(line, "cls_epochs")) c->cls_epochs = (uint32_t)strtoul(v, 0, 10);
    else if (!strcmp(line, "cls_eval")) c->cls_eval = (uint32_t)strtoul(v, 0, 10);
    else if (!strcmp(line, "data")) { strncpy(c->data, v, sizeof c->data - 1); c->data[sizeof c->data - 1] = 0; }
    else if (!strcmp(line, "dump")) { strncpy(c->dump, v, sizeof c->dump - 1); c->dump[sizeof c->dump - 1] = 0; }
  }
  fclose(f);
}

static int file_write(const void *p, uint32_t n, void *ctx) {
  return fwrite(p, 1, n, (FILE *)ctx) == n ? 0 : -1;
}

static uint8_t img[VAE_NPIX];

int main(void) {
  int clk = clock_init_120mhz();
  initialise_monitor_handles();
  marks_init();
  itm_init((1u << ITM_PORT_LAYER) | (1u << ITM_PORT_STEP));
  cyccnt_enable();
  config cfg;
  read_config(&cfg);
  g_uart = (int)cfg.uart;
  if (g_uart) lpuart1_init(SystemCoreClock, 115200u);
  char buf[160];
  snprintf(buf, sizeof buf, "vae-" PREC ": latent %d filters %d params %lu clock %lu Hz%s steps %lu seed %lu\n",
           VAE_LATENT, VAE_FILTERS, (unsigned long)vae_param_count(), (unsigned long)SystemCoreClock,
           clk ? " (clock set-up failed)" : "", (unsigned long)cfg.steps, (unsigned long)cfg.seed);
  log_line(buf);

  FILE *df = fopen(cfg.data, "rb");
  if (!df) {
    snprintf(buf, sizeof buf, "vae-" PREC ": cannot open data file %s\n", cfg.data);
    log_line(buf);
    return 1;
  }
  vae_data_hdr h;
  const char *err;
  if (vae_data_read_header(df, &h, &err) || h.count == 0) {
    snprintf(buf, sizeof buf, "vae-" PREC ": %s: %s\n", cfg.data, err ? err : "no images");
    log_line(buf);
    return 1;
  }

  vae_opts o;
  vae_default_opts(&o);
  vae_init(&o, cfg.seed);
  double elbo_sum = 0.0;
  uint32_t cyc_sum = 0, n_sum = 0;
  float mu[VAE_LATENT];
  for (uint32_t s = 0; s < cfg.steps; s++) {
    uint8_t label;
    if (vae_data_read_record(df, &label, img)) {
      fseek(df, (long)VAE_DATA_HDR, SEEK_SET);
      if (vae_data_read_record(df, &label, img)) {
        log_line("vae-" PREC ": data file read error\n");
        return 1;
      }
    }
    vae_loss L;
    itm_write32(ITM_PORT_STEP, s);
    uint32_t c0 = cyccnt_read();
    mark0_high();
    vae_train_sample(img, &L);
    mark0_low();
    cyc_sum += cyccnt_read() - c0;
    n_sum++;
    elbo_sum += (double)L.elbo;
    if (cfg.infer_every && (s + 1) % cfg.infer_every == 0) {
      mark1_high();
      vae_encode_mu(img, mu);
      mark1_low();
    }
    if (cfg.log_every && (s + 1) % cfg.log_every == 0) {
      snprintf(buf, sizeof buf, "step %lu elbo %.3f cycles/step %lu\n", (unsigned long)(s + 1),
               elbo_sum / (double)n_sum, (unsigned long)(cyc_sum / n_sum));
      log_line(buf);
      elbo_sum = 0.0;
      cyc_sum = 0;
      n_sum = 0;
    }
  }
  if (cfg.cls_per_class) {
    cls_phase_result cr;
    fseek(df, (long)VAE_DATA_HDR, SEEK_SET);
    if (cls_phase(df, cfg.cls_per_class, cfg.cls_epochs, cfg.cls_eval, cfg.seed, &cr)) {
      log_line("vae-" PREC ": data file too short for the classifier phase\n");
      return 1;
    }
    snprintf(buf, sizeof buf, "classifier: %lu labelled (%lu correct), %lu held out (%lu correct)\n",
             (unsigned long)cr.n_lab, (unsigned long)cr.lab_correct, (unsigned long)cr.n_eval,
             (unsigned long)cr.eval_correct);
    log_line(buf);
  }
  fclose(df);
  if (cfg.dump[0]) {
    FILE *f = fopen(cfg.dump, "wb");
    if (!f || vae_dump(file_write, f) || fclose(f)) {
      snprintf(buf, sizeof buf, "vae-" PREC ": cannot write %s\n", cfg.dump);
      log_line(buf);
      return 1;
    }
  }
  snprintf(buf, sizeof buf, "vae-" PREC ": done, %lu steps, %lu updates\n", (unsigned long)vae_steps(),
           (unsigned long)vae_updates());
  log_line(buf);
  return 0;
}
