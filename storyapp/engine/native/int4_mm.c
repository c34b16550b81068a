/* 4-bit weight x bf16 activation matmul for x86-64 CPUs with AVX-512 VNNI, or AVX2 (vec16.h).
 *
 * Activations are quantized to int8 in groups of 32 (one scale each, as llama.cpp's Q8 blocks), so
 * the inner product is integer multiply-adds of bytes: vpdpbusd, 64 an instruction (or vpmaddubsw
 * and vpaddw on AVX2), where dequantizing the weights to float costs 16. A weight group is
 * w = d * q + m (q in 0..15, d and m fp16), so
 *   sum_k w_k x_k ~ sum_g d_g * dx_g * sum_k q_k xq_k + m_g * dx_g * sum_k xq_k.
 *
 * Weight layout, per block of 16 output rows and group of 32 inputs: 4 chunks of 64 bytes; byte
 * j of chunk c holds row j / 4, with input c * 8 + j % 4 in its low nibble and c * 8 + 4 + j % 4
 * in its high nibble. d and m are [N / 16][K / 32][16] fp16.
 */
#include <stdint.h>
#include <stdlib.h>

#include "vec16.h"

#define ROWS 16
#define GROUP 32
#define MBLOCK 4
#ifndef PREFETCH
#define PREFETCH 2048
#endif

#include "supported.h"

/* One row of x: int8 codes, the scale and the sum of the quantized values of each group of 32
 * (so the result is exactly W times the quantized x; the exact sum would leave the error of
 * the offsets m, which are large, in it). */
static void quantize_row(const uint16_t *x, int k, int8_t *xq, float *dx, float *xs) {
    for (int g = 0; g < k / GROUP; g++) {
        vf a = vf_from_bf16(x + g * GROUP), b = vf_from_bf16(x + g * GROUP + 16);
        float amax = vf_reduce_max(vf_max(vf_abs(a), vf_abs(b)));
        float inv = amax > 0 ? 127.0f / amax : 0.0f;
        vf s = vf_set1(inv);
        vi qa = vi_from_vf(vf_mul(a, s));
        vi qb = vi_from_vf(vf_mul(b, s));
        vi_store_s8(xq + g * GROUP, qa);
        vi_store_s8(xq + g * GROUP + 16, qb);
        dx[g] = amax / 127.0f;
        xs[g] = dx[g] * (float)vi_reduce_add(vi_add(qa, qb));
    }
}

/* 16 output rows of ROWS_X activation rows (inlined with a constant, so the accumulators stay in
 * registers). */
static inline __attribute__((always_inline)) void block_mm(const uint8_t *w, const uint16_t *d, const uint16_t *m, int groups,
                     const int8_t *xq, const float *dx, const float *xs, int rows, int k, int n,
                     float *y) {
    vf acc[MBLOCK];
    for (int r = 0; r < rows; r++) acc[r] = vf_zero();
    for (int g = 0; g < groups; g++) {
        vdot dot[MBLOCK];
        for (int r = 0; r < rows; r++) dot[r] = vdot_zero();
        const uint8_t *wg = w + (size_t)g * 256;
        for (int c = 0; c < 4; c++) _mm_prefetch((const char *)wg + PREFETCH + c * 64, _MM_HINT_T0);
        for (int c = 0; c < 4; c++) {
            vbytes v = vbytes_load(wg + c * 64);
            vbytes lo = vbytes_low_nibbles(v), hi = vbytes_high_nibbles(v);
            for (int r = 0; r < rows; r++) {
                const int8_t *xr = xq + (size_t)r * k + g * GROUP + c * 8;
                dot[r] = vdot_add(dot[r], lo, xr);
                dot[r] = vdot_add(dot[r], hi, xr + 4);
            }
        }
        vf dg = vf_from_f16(d + g * ROWS);
        vf mg = vf_from_f16(m + g * ROWS);
        for (int r = 0; r < rows; r++) {
            size_t at = (size_t)r * (k / GROUP) + g;
            vf scale = vf_mul(dg, vf_set1(dx[at]));
            acc[r] = vf_fmadd(vf_from_vi(vdot_sums(dot[r])), scale, acc[r]);
            acc[r] = vf_fmadd(mg, vf_set1(xs[at]), acc[r]);
        }
    }
    for (int r = 0; r < rows; r++)
        vf_store(y + (size_t)r * n, acc[r]);
}

static __thread int8_t *scratch;
static __thread size_t scratch_bytes;

/* y[M, N] = x[M, K] @ W^T, x bf16, y float32 (what the model wants next anyway). N a multiple
 * of 16, K of 32. Returns 0, or -1 when out
 * of memory (nothing written). */
int storyapp_int4_mm(const uint16_t *x, int64_t mrows, int64_t k, const uint8_t *w,
                     const uint16_t *d, const uint16_t *m, int64_t n, float *y) {
    int64_t groups = k / GROUP;
    size_t need = (size_t)mrows * (k + 2 * groups * sizeof(float));
    if (need > scratch_bytes) {
        int8_t *p = realloc(scratch, need);
        if (!p) return -1;
        scratch = p, scratch_bytes = need;
    }
    int8_t *xq = scratch;
    float *dx = (float *)(scratch + (size_t)mrows * k), *xs = dx + (size_t)mrows * groups;
    int64_t blocks = n / ROWS;
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (int64_t r = 0; r < mrows; r++)
            quantize_row(x + r * k, k, xq + r * k, dx + r * groups, xs + r * groups);
#pragma omp for schedule(static)
        for (int64_t b = 0; b < blocks; b++) {
            const uint8_t *wb = w + (size_t)b * groups * 256;
            const uint16_t *db = d + (size_t)b * groups * ROWS, *mb = m + (size_t)b * groups * ROWS;
            for (int64_t r = 0; r < mrows; r += MBLOCK) {
                const int8_t *xqr = xq + r * k;
                const float *dxr = dx + r * groups, *xsr = xs + r * groups;
                float *yr = y + r * n + b * ROWS;
                switch (mrows - r < MBLOCK ? mrows - r : MBLOCK) {
                case 1: block_mm(wb, db, mb, groups, xqr, dxr, xsr, 1, k, n, yr); break;
                case 2: block_mm(wb, db, mb, groups, xqr, dxr, xsr, 2, k, n, yr); break;
                case 3: block_mm(wb, db, mb, groups, xqr, dxr, xsr, 3, k, n, yr); break;
                default: block_mm(wb, db, mb, groups, xqr, dxr, xsr, 4, k, n, yr);
                }
            }
        }
    }
    return 0;
}
