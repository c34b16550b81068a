/* Every decoder layer of one decode step (each row one new token) in one call.
 *
 * Per layer, what models/llama.py does op by op: RMSNorm, the fused qkv projection (+ LoRA),
 * rotary, the cache write, attention over each row's own positions, o (+ LoRA) into the residual
 * stream, RMSNorm, gate_up (+ LoRA), SiLU(gate) * up, down (+ LoRA) into the residual stream.
 * One OpenMP parallel region covers all layers: the threads meet at a barrier between the ops
 * instead of Python calling ~10 kernels and torch ops a layer (at batch 1 on the default model
 * those calls cost more than the arithmetic). Activations go to the int4 matmul as int8 straight
 * from float32 (the op-by-op path rounds them to bfloat16 first).
 *
 * Each row's result depends on that row alone: the matmul, LoRA and attention are per row, so a
 * row gets the same bits alone and in any batch.
 */
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>

#include "decode_attention.h"
#include "int4_mm.h"
#include "lora_apply.h"

#include "supported.h"

typedef struct {
    const uint8_t *w;
    const uint16_t *d, *m;
} Int4;

typedef struct {
    const float *attn_norm, *ffn_norm;
    Int4 qkv, o, gate_up, down;
} Layer;

/* A layer's adapters for this batch; a plan whose a is NULL: none on that projection. */
typedef struct {
    Plan qkv, o, gate_up, down;
} LayerLora;

typedef struct {
    int64_t hidden, heads, kv_heads, head_dim, inter;
    float eps, scale; /* RMSNorm's epsilon; the attention scale, 1 / sqrt(head_dim) */
} Shape;

/* The KV cache: [layers, slots, max_len, 2 kv_heads, head_dim] float32. */
typedef struct {
    float *kv;
    int64_t slots, max_len;
} Cache;

/* y = x / sqrt(mean(x^2) + eps) * w over one row of d (a multiple of 16). */
static void rms_norm(const float *x, const float *w, int64_t d, float eps, float *y) {
    vf acc = vf_zero();
    for (int64_t i = 0; i < d; i += 16) {
        vf v = vf_load(x + i);
        acc = vf_fmadd(v, v, acc);
    }
    vf inv = vf_set1(1.0f / sqrtf(vf_reduce_add(acc) / (float)d + eps));
    for (int64_t i = 0; i < d; i += 16)
        vf_store(y + i, vf_mul(vf_mul(vf_load(x + i), inv), vf_load(w + i)));
}

/* Rotates `heads` heads of dim d in place by cis [d / 2] (cos, sin), pairs interleaved. */
static void rotate(float *x, int64_t heads, int64_t d, const float *cis) {
    for (int64_t h = 0; h < heads; h++, x += d)
        for (int64_t i = 0; i < d / 2; i++) {
            float a = x[2 * i], b = x[2 * i + 1], c = cis[2 * i], s = cis[2 * i + 1];
            x[2 * i] = a * c - b * s;
            x[2 * i + 1] = a * s + b * c;
        }
}

/* act[i] = silu(gu[i]) * gu[inter + i]; silu(g) = g * e^min(g,0) / (e^min(g,0) + e^min(-g,0)),
 * both exponents <= 0 (exp_ps's domain), one of them 1. inter a multiple of 16. */
static void silu_mul(const float *gu, int64_t inter, float *act) {
    vf zero = vf_zero();
    for (int64_t i = 0; i < inter; i += 16) {
        vf g = vf_load(gu + i);
        vf neg = vf_sub(zero, g);
        vf e_pos = exp_ps(vf_sub(zero, vf_max(neg, zero))); /* e^min(g, 0) */
        vf e_neg = exp_ps(vf_sub(zero, vf_max(g, zero)));   /* e^min(-g, 0) */
        vf sig = vf_div(e_pos, vf_add(e_pos, e_neg));
        vf_store(act + i, vf_mul(vf_mul(g, sig), vf_load(gu + inter + i)));
    }
}

static int has(const Plan *p) { return p->a != NULL; }

/* A projection's LoRA plan for the batch, NULL when it has none. A token alone with a large
 * adapter has it applied by all the threads together (plan_shared); otherwise each row's delta
 * is added by the thread that goes on with that row, in the loop after the projection (so an
 * adapter adds no barrier of its own). */
static const Plan *lora_of(const LayerLora *A, const Plan *p) { return A && has(p) ? p : NULL; }

/* y [rows, n] = the int4 projection of the quantized rows (K = k), by the threads of the
 * enclosing region; each thread fetches, over the first half of its blocks, the bytes of p
 * (NULL: none) that its rows will read in the loop after (the later blocks leave them time to
 * arrive). Its blocks are counted as an even split; where they are handed out (int4_blocks), a
 * thread that takes fewer fetches less of them ahead. */
static void project(const int8_t *xq, const float *dx, const float *xs, int64_t rows, int64_t k,
                    const Int4 *W, int64_t n, float *y, const Plan *p) {
    Fetch f;
    int fetch = p && !plan_shared(p, rows, k);
    if (fetch) {
        int64_t nt = omp_get_num_threads();
        fetch_init(&f, p, rows, k, (n / ROWS + nt - 1) / nt / 2);
    }
    int4_blocks(xq, dx, xs, rows, k, W->w, W->d, W->m, n, y, fetch ? fetch_some : NULL, &f);
}

/* x += y over one row of d (a multiple of 16). */
static void add_row(float *x, const float *y, int64_t d) {
    for (int64_t i = 0; i < d; i += 16) vf_store(x + i, vf_add(vf_load(x + i), vf_load(y + i)));
}

/* x [rows, hidden] float32, the residual stream, updated in place through every layer.
 * cis: [positions, head_dim / 2, 2] float32 rotary table; slots and lengths [rows] (a row's new
 * token is at position lengths[r] - 1 of its slot). lora: [layers] or NULL.
 * Returns 0, -1 when out of memory, -2 for a rank over the LoRA kernel's limit or a shape the
 * attention does not handle (nothing computed then). */
int storyapp_decode_layers(float *x, int64_t rows, const Layer *layers, const LayerLora *lora,
                           int64_t n_layers, const Shape *s, const float *cis, Cache cache,
                           const int64_t *slots, const int64_t *lengths) {
    int64_t d = s->hidden, hd = s->head_dim, h = s->heads, kvh = s->kv_heads;
    int64_t group = h / kvh, chunks = hd / 16, width = (h + 2 * kvh) * hd, inter = s->inter;
    if (hd % 16 || chunks > MAX_CHUNKS || h % kvh || group > MAX_GROUP) return -2;
    if (d % GROUP || inter % GROUP || (h * hd) % GROUP) return -2;
    for (int64_t l = 0; lora && l < n_layers; l++)
        if (!plan_fits(&lora[l].qkv) || !plan_fits(&lora[l].o) || !plan_fits(&lora[l].gate_up) ||
            !plan_fits(&lora[l].down))
            return -2;
    int64_t widest = d > inter ? d : inter;
    if (h * hd > widest) widest = h * hd;
    int64_t threads = omp_get_max_threads();
    /* per row: the normed input, qkv, attention out, gate_up, act, a projection's output; the
     * quantized activation; the shared LoRA scratch */
    size_t floats = (size_t)rows * (d + width + h * hd + 2 * inter + inter + d);
    size_t quant = (size_t)rows * widest, scales = 2 * (size_t)rows * (widest / GROUP);
    size_t lora_floats = (size_t)(threads + 1) * MAX_RANK;
    float *buf = malloc(sizeof(float) * (floats + scales + lora_floats) + quant);
    if (!buf) return -1;
    float *nrm = buf, *qkv = nrm + rows * d, *att = qkv + rows * width, *gu = att + rows * h * hd;
    float *act = gu + rows * 2 * inter, *out = act + rows * inter, *dx = out + rows * d;
    float *xs = dx + rows * (widest / GROUP), *partial = xs + rows * (widest / GROUP);
    float *lh = partial + threads * MAX_RANK;
    int8_t *xq = (int8_t *)(lh + MAX_RANK);
    int64_t layer_floats = cache.slots * cache.max_len * 2 * kvh * hd, failed = 0;

#pragma omp parallel
    for (int64_t l = 0; l < n_layers; l++) {
        const Layer *L = &layers[l];
        const LayerLora *A = lora ? &lora[l] : NULL;
        float *kv = cache.kv + l * layer_floats;

#pragma omp for schedule(static)
        for (int64_t r = 0; r < rows; r++) {
            rms_norm(x + r * d, L->attn_norm, d, s->eps, nrm + r * d);
            quantize_row_f32(nrm + r * d, d, xq + r * d, dx + r * (d / GROUP), xs + r * (d / GROUP));
        }
        const Plan *p = lora_of(A, A ? &A->qkv : NULL);
        project(xq, dx, xs, rows, d, &L->qkv, width, qkv, p);
        if (p && plan_shared(p, rows, d)) plan_apply(p, nrm, rows, d, qkv, width, partial, lh), p = NULL;

#pragma omp for schedule(static)
        for (int64_t r = 0; r < rows; r++) {
            int64_t pos = lengths[r] - 1;
            float *row = qkv + r * width;
            if (p) plan_token(p, r, rows, nrm + r * d, d, row);
            rotate(row, h + kvh, hd, cis + pos * hd);
            float *at = kv + (slots[r] * cache.max_len + pos) * 2 * kvh * hd;
            for (int64_t i = 0; i < 2 * kvh * hd; i++) at[i] = row[h * hd + i];
        }
        /* one task at a time: rows' lengths differ, and a preempted thread holds back one task */
#pragma omp for collapse(2) schedule(dynamic) reduction(| : failed)
        for (int64_t r = 0; r < rows; r++)
            for (int64_t g = 0; g < kvh; g++) {
                const float *q = qkv + r * width + g * group * hd;
                const float *keys = kv + slots[r] * cache.max_len * 2 * kvh * hd + g * hd;
                float *o = att + (r * h + g * group) * hd;
                failed |= one_task(q, keys, keys + kvh * hd, 2 * kvh * hd, lengths[r], group,
                                   chunks, s->scale, o, hd) != 0;
            }
#pragma omp for schedule(static)
        for (int64_t r = 0; r < rows; r++)
            quantize_row_f32(att + r * h * hd, h * hd, xq + r * h * hd,
                             dx + r * (h * hd / GROUP), xs + r * (h * hd / GROUP));
        p = lora_of(A, A ? &A->o : NULL);
        project(xq, dx, xs, rows, h * hd, &L->o, d, out, p);
#pragma omp for schedule(static)
        for (int64_t r = 0; r < rows; r++) {
            add_row(x + r * d, out + r * d, d);
            if (p && !plan_shared(p, rows, h * hd)) plan_token(p, r, rows, att + r * h * hd, h * hd, x + r * d);
        }
        if (p && plan_shared(p, rows, h * hd)) plan_apply(p, att, rows, h * hd, x, d, partial, lh);

#pragma omp for schedule(static)
        for (int64_t r = 0; r < rows; r++) {
            rms_norm(x + r * d, L->ffn_norm, d, s->eps, nrm + r * d);
            quantize_row_f32(nrm + r * d, d, xq + r * d, dx + r * (d / GROUP), xs + r * (d / GROUP));
        }
        p = lora_of(A, A ? &A->gate_up : NULL);
        project(xq, dx, xs, rows, d, &L->gate_up, 2 * inter, gu, p);
        if (p && plan_shared(p, rows, d)) plan_apply(p, nrm, rows, d, gu, 2 * inter, partial, lh), p = NULL;
#pragma omp for schedule(static)
        for (int64_t r = 0; r < rows; r++) {
            if (p) plan_token(p, r, rows, nrm + r * d, d, gu + r * 2 * inter);
            silu_mul(gu + r * 2 * inter, inter, act + r * inter);
            quantize_row_f32(act + r * inter, inter, xq + r * inter, dx + r * (inter / GROUP),
                             xs + r * (inter / GROUP));
        }
        p = lora_of(A, A ? &A->down : NULL);
        project(xq, dx, xs, rows, inter, &L->down, d, out, p);
#pragma omp for schedule(static)
        for (int64_t r = 0; r < rows; r++) {
            add_row(x + r * d, out + r * d, d);
            if (p && !plan_shared(p, rows, inter)) plan_token(p, r, rows, act + r * inter, inter, x + r * d);
        }
        if (p && plan_shared(p, rows, inter)) plan_apply(p, act, rows, inter, x, d, partial, lh);
    }
    free(buf);
    return failed ? -1 : 0;
}
