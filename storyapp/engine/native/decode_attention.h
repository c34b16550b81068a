/* Decode-step attention over the KV cache: every row has one new query token and attends to the
 * first lengths[row] positions of its own cache slot, grouped-query (heads / kv_heads query heads
 * share a key/value head). float32 throughout.
 *
 * torch's SDPA costs 35-55 us a call for this (one query, a few hundred keys), mostly set-up; and
 * rows of different lengths need a padding mask, which makes a row's result depend on its batch.
 * Here each (row, kv head) is one task over exactly its own positions.
 */
#ifndef STORYAPP_DECODE_ATTENTION_H
#define STORYAPP_DECODE_ATTENTION_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "vec16.h"

/* exp(x) for x <= 0 (softmax after subtracting the max): 2^n * p(r), |error| < 2 ulp. */
static inline vf exp_ps(vf x) {
    x = vf_max(x, vf_set1(-87.0f));
    vf n = vf_round(vf_mul(x, vf_set1(1.44269504088896341f)));
    vf r = vf_fnmadd(n, vf_set1(0.693359375f), x);
    r = vf_fnmadd(n, vf_set1(-2.12194440e-4f), r);
    vf p = vf_set1(1.9875691500e-4f);
    p = vf_fmadd(p, r, vf_set1(1.3981999507e-3f));
    p = vf_fmadd(p, r, vf_set1(8.3334519073e-3f));
    p = vf_fmadd(p, r, vf_set1(4.1665795894e-2f));
    p = vf_fmadd(p, r, vf_set1(1.6666665459e-1f));
    p = vf_fmadd(p, r, vf_set1(5.0000001201e-1f));
    p = vf_fmadd(p, vf_mul(r, r), vf_add(r, vf_set1(1.0f)));
    return vf_scale2(p, n);
}

#define MAX_GROUP 16
#define MAX_CHUNKS 16 /* head_dim up to 256 */

static __thread float *scores;
static __thread int64_t scores_floats;

/* One row, one kv head: its `group` query heads. Returns -1 when out of memory. */
static int one_task(const float *q, const float *keys, const float *values, int64_t stride,
                    int64_t n, int64_t group, int64_t chunks, float scale, float *out,
                    int64_t out_stride) {
    if (group * n > scores_floats) {
        float *p = realloc(scores, sizeof(float) * group * n);
        if (!p) return -1;
        scores = p, scores_floats = group * n;
    }
    float *s = scores;
    float top[MAX_GROUP], total[MAX_GROUP];
    for (int64_t g = 0; g < group; g++) top[g] = -INFINITY;
    for (int64_t p = 0; p < n; p++) {
        const float *k = keys + p * stride;
        for (int64_t g = 0; g < group; g++) {
            const float *qg = q + g * chunks * 16;
            vf acc = vf_mul(vf_load(qg), vf_load(k));
            for (int64_t c = 1; c < chunks; c++)
                acc = vf_fmadd(vf_load(qg + 16 * c), vf_load(k + 16 * c), acc);
            float v = vf_reduce_add(acc) * scale;
            s[g * n + p] = v;
            if (v > top[g]) top[g] = v;
        }
    }
    for (int64_t g = 0; g < group; g++) {
        float *sg = s + g * n;
        vf sum = vf_zero(), mx = vf_set1(top[g]);
        for (int64_t p = 0; p < n; p += 16) {
            vmask m = vmask_first(n - p);
            vf e = vf_keep(m, exp_ps(vf_sub(vf_load_masked(sg + p, m), mx)));
            vf_store_masked(sg + p, m, e);
            sum = vf_add(sum, e);
        }
        total[g] = vf_reduce_add(sum);
    }
    vf acc[MAX_GROUP][MAX_CHUNKS > 8 ? 8 : MAX_CHUNKS];
    for (int64_t c0 = 0; c0 < chunks; c0 += 8) { /* 8 chunks (128 dims) of every head at a time */
        int64_t cn = chunks - c0 < 8 ? chunks - c0 : 8;
        for (int64_t g = 0; g < group; g++)
            for (int64_t c = 0; c < cn; c++) acc[g][c] = vf_zero();
        for (int64_t p = 0; p < n; p++) {
            const float *v = values + p * stride + 16 * c0;
            for (int64_t g = 0; g < group; g++) {
                vf w = vf_set1(s[g * n + p]);
                for (int64_t c = 0; c < cn; c++)
                    acc[g][c] = vf_fmadd(w, vf_load(v + 16 * c), acc[g][c]);
            }
        }
        for (int64_t g = 0; g < group; g++) {
            vf inv = vf_set1(1.0f / total[g]);
            for (int64_t c = 0; c < cn; c++)
                vf_store(out + g * out_stride + 16 * (c0 + c), vf_mul(acc[g][c], inv));
        }
    }
    return 0;
}

#endif
