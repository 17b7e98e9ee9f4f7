/*
 * vae-host: native build of the VAE training library (same sources as the firmware).
 * Trains from a packed M4VD file, prints JSON lines on stdout (one per epoch), progress
 * on stderr. See docs/workload.md and `vae-host --help`.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../src/cls.h"
#include "../src/data.h"
#include "../src/vae.h"
#include "../src/vmath.h"

static const char *USAGE =
    "usage: vae-host --train FILE [options]\n"
    "  --test FILE          test split (M4VD) for accuracy and test ELBO\n"
    "  --epochs N           VAE epochs (default 1)\n"
    "  --limit N            use only the first N training images (default all)\n"
    "  --test-limit N       use only the first N test images (default all)\n"
    "  --steps N            stop after N training samples in total (0 = no limit)\n"
    "  --sequential         no shuffling: samples in file order (as the firmware reads them)\n"
    "  --seed N             PRNG seed (default 1)\n"
    "  --lr X --momentum X  optimizer (defaults 0.001, fp32 momentum 0.9)\n"
    "  --alpha-norm X       u8 gradient standardization rate (default 0.7)\n"
    "  --alpha-w X --alpha-act X   u8 range EMA rates: weights (0.001), activations/errors (0.1)\n"
    "  --dsgu --lambda-min X --lambda-max X   u8 dynamic sparse gradient updates\n"
    "  --err-round          u8: same as --err-rounding nearest\n"
    "  --err-rounding M     u8: error tensors floor (published), nearest, stochastic (default)\n"
    "  --w-rounding M       u8: requantized weights nearest or stochastic (default)\n"
    "  --batch N            batch size (default 100)\n"
    "  --labels LIST        labelled samples per class, comma separated (default 10,100,200)\n"
    "  --cls-epochs N       classifier epochs (default 25)\n"
    "  --cls-every N        train/evaluate the classifiers every N epochs (default 1, 0 = end only)\n"
    "  --dump FILE          write the weights (M4VW format) at the end\n"
    "  --gen FILE --gen-count N   write N decoder samples (z ~ N(0,I)) as raw 28x28 bytes\n"
    "  --recon FILE         write the first N (--gen-count) test images and their reconstructions\n"
    "                       (decoder of the encoder's mu), raw 28x28 bytes, pairs in a row\n"
    "  --cls-phase PER,EVAL after training, the firmware's classifier phase on the training file\n"
    "                       (first PER images per class labelled, then EVAL held-out images)\n"
    "  --quiet              no progress on stderr\n"
#if VAE_DIAG && VAE_U8
    "  --diag N             every N training samples a {\"type\":\"diag\"} line on stderr: logvar and mu\n"
    "                       range, largest KL, smoothed activation/error ranges, per layer the weight\n"
    "                       scale and range, share of saturated weights, bias range, largest\n"
    "                       standardized step (u8)\n"
#endif
    ;

static void die(const char *msg, const char *arg) {
  if (arg)
    fprintf(stderr, "vae-host: %s: %s\n", msg, arg);
  else
    fprintf(stderr, "vae-host: %s\n", msg);
  exit(2);
}

typedef struct {
  uint32_t n;
  uint8_t *labels;
  uint8_t *pix;
} dataset;

static void load(const char *path, dataset *d, uint32_t limit) {
  FILE *f = fopen(path, "rb");
  if (!f) die(strerror(errno), path);
  vae_data_hdr h;
  const char *err;
  if (vae_data_read_header(f, &h, &err)) die(err, path);
  uint32_t n = h.count;
  if (limit && limit < n) n = limit;
  d->n = n;
  d->labels = malloc(n ? n : 1);
  d->pix = malloc((size_t)(n ? n : 1) * 784);
  if (!d->labels || !d->pix) die("out of memory", path);
  for (uint32_t i = 0; i < n; i++)
    if (vae_data_read_record(f, &d->labels[i], d->pix + (size_t)i * 784)) die("data file truncated", path);
  fclose(f);
}

static int file_write(const void *p, uint32_t n, void *ctx) {
  return fwrite(p, 1, n, (FILE *)ctx) == n ? 0 : -1;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static uint32_t parse_u(const char *opt, const char *v) {
  char *end;
  errno = 0;
  unsigned long x = strtoul(v, &end, 10);
  if (errno || *end || v[0] == '-' || x > 0xffffffffu) die("expected a non-negative integer for", opt);
  return (uint32_t)x;
}
static float parse_f(const char *opt, const char *v) {
  char *end;
  float x = strtof(v, &end);
  if (*end || end == v) die("expected a number for", opt);
  return x;
}

#if VAE_DIAG && VAE_U8
static void print_diag(uint32_t step) {
  static const char *LN[7] = {"conv1", "conv2", "enc", "head", "dec", "deconv1", "deconv2"};
  vae_diag d;
  vae_diag_read(&d);
  fprintf(stderr, "{\"type\":\"diag\",\"step\":%u,\"lv\":[%.3g,%.3g],\"mu_absmax\":%.3g,\"kl_max\":%.4g,\"act\":[", step,
          (double)d.lv_min, (double)d.lv_max, (double)d.mu_absmax, (double)d.kl_max);
  for (int t = 0; t < 7; t++) fprintf(stderr, "%s[%.3g,%.3g]", t ? "," : "", (double)d.act_lo[t], (double)d.act_hi[t]);
  fprintf(stderr, "],\"err\":[");
  for (int t = 0; t < 7; t++) fprintf(stderr, "%s[%.3g,%.3g]", t ? "," : "", (double)d.err_lo[t], (double)d.err_hi[t]);
  fprintf(stderr, "],\"layers\":{");
  for (int l = 0; l < 7; l++) {
    const vae_diag_layer *o = &d.layer[l];
    fprintf(stderr, "%s\"%s\":{\"s\":%.4g,\"w\":[%.4g,%.4g],\"sat\":%.4f,\"b\":[%.4g,%.4g],\"step\":%.3g}", l ? "," : "",
            LN[l], (double)o->s_w, (double)o->w_lo, (double)o->w_hi, (double)o->sat, (double)o->b_min, (double)o->b_max,
            (double)o->step_max);
  }
  fprintf(stderr, "}}\n");
}
#endif

#define MAXLAB 8
int main(int argc, char **argv) {
  const char *train = 0, *test = 0, *dump = 0, *gen = 0, *recon = 0;
  uint32_t epochs = 1, limit = 0, test_limit = 0, steps = 0, seed = 1, cls_epochs = 25, cls_every = 1;
  uint32_t gen_count = 64, diag_every = 0;
  int sequential = 0, quiet = 0;
  uint32_t ph_per = 0, ph_eval = 0;
  uint32_t labels[MAXLAB] = {10, 100, 200};
  int nlab = 3;
  vae_opts o;
  vae_default_opts(&o);
#if !VAE_U8
  const char *prec = "fp32";
#else
  const char *prec = "u8";
#endif
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : 0;
#define NEEDV() \
  do {          \
    if (!v) die("missing value for", a); \
    i++;        \
  } while (0)
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      fputs(USAGE, stdout);
      return 0;
    } else if (!strcmp(a, "--train")) { NEEDV(); train = v; }
    else if (!strcmp(a, "--test")) { NEEDV(); test = v; }
    else if (!strcmp(a, "--epochs")) { NEEDV(); epochs = parse_u(a, v); }
    else if (!strcmp(a, "--limit")) { NEEDV(); limit = parse_u(a, v); }
    else if (!strcmp(a, "--test-limit")) { NEEDV(); test_limit = parse_u(a, v); }
    else if (!strcmp(a, "--steps")) { NEEDV(); steps = parse_u(a, v); }
    else if (!strcmp(a, "--seed")) { NEEDV(); seed = parse_u(a, v); }
    else if (!strcmp(a, "--lr")) { NEEDV(); o.lr = parse_f(a, v); }
    else if (!strcmp(a, "--momentum")) { NEEDV(); o.momentum = parse_f(a, v); }
    else if (!strcmp(a, "--alpha-norm")) { NEEDV(); o.alpha_norm = parse_f(a, v); }
    else if (!strcmp(a, "--alpha-w")) { NEEDV(); o.alpha_w = parse_f(a, v); }
    else if (!strcmp(a, "--alpha-act")) { NEEDV(); o.alpha_act = parse_f(a, v); }
    else if (!strcmp(a, "--lambda-min")) { NEEDV(); o.lambda_min = parse_f(a, v); }
    else if (!strcmp(a, "--lambda-max")) { NEEDV(); o.lambda_max = parse_f(a, v); }
    else if (!strcmp(a, "--dsgu")) { o.dsgu = 1; }
    else if (!strcmp(a, "--err-round")) { o.err_round = 1; }
    else if (!strcmp(a, "--err-rounding")) {
      NEEDV();
      if (!strcmp(v, "floor")) o.err_round = 0;
      else if (!strcmp(v, "nearest")) o.err_round = 1;
      else if (!strcmp(v, "stochastic")) o.err_round = 2;
      else die("--err-rounding must be floor, nearest or stochastic, not", v);
    } else if (!strcmp(a, "--w-rounding")) {
      NEEDV();
      if (!strcmp(v, "nearest")) o.w_stoch = 0;
      else if (!strcmp(v, "stochastic")) o.w_stoch = 1;
      else die("--w-rounding must be nearest or stochastic, not", v);
    }
    else if (!strcmp(a, "--batch")) { NEEDV(); o.batch = (int)parse_u(a, v); if (o.batch < 1) die("batch must be >= 1", v); }
    else if (!strcmp(a, "--cls-epochs")) { NEEDV(); cls_epochs = parse_u(a, v); }
    else if (!strcmp(a, "--cls-every")) { NEEDV(); cls_every = parse_u(a, v); }
    else if (!strcmp(a, "--dump")) { NEEDV(); dump = v; }
    else if (!strcmp(a, "--gen")) { NEEDV(); gen = v; }
    else if (!strcmp(a, "--recon")) { NEEDV(); recon = v; }
    else if (!strcmp(a, "--gen-count")) { NEEDV(); gen_count = parse_u(a, v); }
    else if (!strcmp(a, "--sequential")) { sequential = 1; }
    else if (!strcmp(a, "--quiet")) { quiet = 1; }
#if VAE_DIAG && VAE_U8
    else if (!strcmp(a, "--diag")) { NEEDV(); diag_every = parse_u(a, v); }
#endif
    else if (!strcmp(a, "--cls-phase")) {
      NEEDV();
      char *comma = strchr(v, ',');
      if (!comma) die("--cls-phase expects PER,EVAL, got", v);
      char tmp[32];
      size_t k = (size_t)(comma - v);
      if (k == 0 || k >= sizeof tmp) die("--cls-phase expects PER,EVAL, got", v);
      memcpy(tmp, v, k);
      tmp[k] = 0;
      ph_per = parse_u(a, tmp);
      ph_eval = parse_u(a, comma + 1);
      if (ph_per == 0 || ph_per * 10u > CLS_PHASE_MAX) die("--cls-phase: PER must be 1..10", v);
    }
    else if (!strcmp(a, "--labels")) {
      NEEDV();
      nlab = 0;
      char buf[128];
      strncpy(buf, v, sizeof buf - 1);
      buf[sizeof buf - 1] = 0;
      for (char *t = strtok(buf, ","); t; t = strtok(0, ",")) {
        if (nlab >= MAXLAB) die("too many --labels entries", v);
        labels[nlab++] = parse_u(a, t);
        if (labels[nlab - 1] == 0 || labels[nlab - 1] * 10u > 4096u) die("labels per class must be 1..409", t);
      }
    } else
      die("unknown option (see --help)", a);
  }
  (void)diag_every;
  if (!train) die("--train FILE is required (see --help)", 0);
  if (recon && !test) die("--recon needs --test FILE", recon);

  dataset tr, te = {0, 0, 0};
  load(train, &tr, limit);
  if (tr.n == 0) die("training file has no images", train);
  if (test) load(test, &te, test_limit);

  vae_init(&o, seed);
  printf("{\"type\":\"config\",\"precision\":\"%s\",\"latent\":%d,\"filters\":%d,\"params\":%u,"
         "\"cls_params\":%u,\"train\":%u,\"test\":%u,\"epochs\":%u,\"batch\":%d,\"lr\":%g,\"momentum\":%g,"
         "\"alpha_norm\":%g,\"dsgu\":%d,\"seed\":%u,\"sequential\":%d}\n",
         prec, VAE_LATENT, VAE_FILTERS, vae_param_count(), cls_param_count(), tr.n, te.n, epochs, o.batch,
         (double)o.lr, (double)o.momentum, (double)o.alpha_norm, o.dsgu, seed, sequential);
  fflush(stdout);

  uint32_t *order = malloc(sizeof(uint32_t) * tr.n);
  float *ftr = malloc(sizeof(float) * VAE_LATENT * 4096u);
  uint8_t *ltr = malloc(4096u);
  float *fte = malloc(sizeof(float) * VAE_LATENT * (te.n ? te.n : 1));
  if (!order || !ftr || !ltr || !fte) die("out of memory", 0);
  for (uint32_t i = 0; i < tr.n; i++) order[i] = i;
  v_rng shuf;
  v_rng_seed(&shuf, seed, 11u);

  double t_train = 0.0;
  uint32_t total = 0;
  int stop = 0;
  for (uint32_t ep = 1; ep <= epochs && !stop; ep++) {
    if (!sequential)
      for (uint32_t i = tr.n - 1; i > 0; i--) {
        uint32_t j = v_rng_below(&shuf, i + 1u);
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    double se = 0.0, sr = 0.0, sk = 0.0;
    uint32_t ns = 0;
    double t0 = now_s(), tlast = t0;
    for (uint32_t i = 0; i < tr.n; i++) {
      vae_loss L;
      vae_train_sample(tr.pix + (size_t)order[i] * 784, &L);
      se += (double)L.elbo;
      sr += (double)L.recon;
      sk += (double)L.kl;
      ns++;
      total++;
#if VAE_DIAG && VAE_U8
      if (diag_every && total % diag_every == 0) print_diag(total);
#endif
      if (!quiet && now_s() - tlast > 2.0) {
        tlast = now_s();
        fprintf(stderr, "\repoch %u/%u  %u/%u  elbo %.2f  %.2f ms/step   ", ep, epochs, i + 1, tr.n, se / ns,
                1e3 * (tlast - t0) / ns);
      }
      if (steps && total >= steps) {
        stop = 1;
        break;
      }
    }
    double dt = now_s() - t0;
    t_train += dt;
    if (!quiet) fprintf(stderr, "\repoch %u/%u done: elbo %.2f, %.3f ms/step%20s\n", ep, epochs, se / ns, 1e3 * dt / ns, "");
    printf("{\"type\":\"epoch\",\"epoch\":%u,\"steps\":%u,\"train_elbo\":%.4f,\"train_recon\":%.4f,"
           "\"train_kl\":%.4f,\"ms_per_step\":%.4f,\"update_fraction\":%.4f",
           ep, total, se / ns, sr / ns, sk / ns, 1e3 * dt / ns, (double)vae_update_fraction());
    int do_cls = te.n && ((cls_every && ep % cls_every == 0) || ep == epochs || stop);
    if (te.n) {
      double te_elbo = 0.0;
      for (uint32_t i = 0; i < te.n; i++) {
        vae_loss L;
        vae_eval_sample(te.pix + (size_t)i * 784, &L);
        te_elbo += (double)L.elbo;
        vae_encode_mu(te.pix + (size_t)i * 784, fte + (size_t)i * VAE_LATENT);
      }
      printf(",\"test_elbo\":%.4f", te_elbo / te.n);
    }
    if (do_cls) {
      printf(",\"acc\":{");
      for (int li = 0; li < nlab; li++) {
        /* balanced subset: the first `per` images of each class in file order */
        uint32_t per = labels[li], cnt[16] = {0}, n = 0;
        for (uint32_t i = 0; i < tr.n && n < per * 10u; i++) {
          uint8_t c = tr.labels[i];
          if (c < 10 && cnt[c] < per) {
            cnt[c]++;
            vae_encode_mu(tr.pix + (size_t)i * 784, ftr + (size_t)n * VAE_LATENT);
            ltr[n++] = c;
          }
        }
        cls_train(ftr, ltr, (int)n, (int)cls_epochs, seed + 100u * (uint32_t)li);
        float acc = cls_accuracy(fte, te.labels, (int)te.n);
        printf("%s\"%u\":%.4f", li ? "," : "", per, (double)acc);
        if (!quiet) fprintf(stderr, "  classifier %u/class (%u samples): test accuracy %.2f %%\n", per, n, 100.0 * (double)acc);
      }
      printf("}");
    }
    printf("}\n");
    fflush(stdout);
  }
  if (ph_per) {
    FILE *f = fopen(train, "rb");
    vae_data_hdr h;
    const char *err;
    cls_phase_result cr;
    if (!f || vae_data_read_header(f, &h, &err)) die("cannot reopen", train);
    if (cls_phase(f, ph_per, cls_epochs, ph_eval, seed, &cr)) die("data file too short for --cls-phase", train);
    fclose(f);
    printf("{\"type\":\"cls_phase\",\"labelled\":%u,\"labelled_correct\":%u,\"held_out\":%u,\"held_out_correct\":%u}\n",
           cr.n_lab, cr.lab_correct, cr.n_eval, cr.eval_correct);
  }
  if (dump) {
    FILE *f = fopen(dump, "wb");
    if (!f || vae_dump(file_write, f) || fclose(f)) die("cannot write weight dump", dump);
  }
  if (gen) {
    FILE *f = fopen(gen, "wb");
    if (!f) die(strerror(errno), gen);
    v_rng gr;
    v_rng_seed(&gr, seed, 21u);
    for (uint32_t i = 0; i < gen_count; i++) {
      float z[VAE_LATENT];
      uint8_t img[784];
      for (int k = 0; k < VAE_LATENT; k++) z[k] = v_rng_normal(&gr);
      vae_decode(z, img);
      if (fwrite(img, 1, 784, f) != 784) die("cannot write", gen);
    }
    if (fclose(f)) die("cannot write", gen);
  }
  if (te.n) {
    /* per latent dimension: mean and std of mu over the test split (aggregate posterior) */
    double m[VAE_LATENT] = {0}, v[VAE_LATENT] = {0};
    for (uint32_t i = 0; i < te.n; i++) {
      float mu[VAE_LATENT];
      vae_encode_mu(te.pix + (size_t)i * 784, mu);
      for (int k = 0; k < VAE_LATENT; k++) {
        m[k] += (double)mu[k];
        v[k] += (double)mu[k] * (double)mu[k];
      }
    }
    printf("{\"type\":\"latent\",\"mu_mean\":[");
    for (int k = 0; k < VAE_LATENT; k++) printf("%s%.4f", k ? "," : "", m[k] / te.n);
    printf("],\"mu_std\":[");
    for (int k = 0; k < VAE_LATENT; k++) {
      double mm = m[k] / te.n, var = v[k] / te.n - mm * mm;
      printf("%s%.4f", k ? "," : "", var > 0.0 ? sqrt(var) : 0.0);
    }
    printf("]}\n");
  }
  if (recon) {
    FILE *f = fopen(recon, "wb");
    if (!f) die(strerror(errno), recon);
    for (uint32_t i = 0; i < gen_count && i < te.n; i++) {
      float mu[VAE_LATENT];
      uint8_t img[784];
      vae_encode_mu(te.pix + (size_t)i * 784, mu);
      vae_decode(mu, img);
      if (fwrite(te.pix + (size_t)i * 784, 1, 784, f) != 784 || fwrite(img, 1, 784, f) != 784) die("cannot write", recon);
    }
    if (fclose(f)) die("cannot write", recon);
  }
  printf("{\"type\":\"done\",\"steps\":%u,\"updates\":%u,\"ms_per_step\":%.4f}\n", vae_steps(), vae_updates(),
         total ? 1e3 * t_train / total : 0.0);
  return 0;
}
