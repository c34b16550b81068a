/* The 4-bit weight x int8-quantized activation matmul for x86-64 CPUs with AVX-512 VNNI, or AVX2 (vec16.h).
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
#ifndef STORYAPP_INT4_MM_H
#define STORYAPP_INT4_MM_H

#include <omp.h>
#include <stdint.h>

#include "vec16.h"

#define ROWS 16
#define GROUP 32
#define MBLOCK 4
#define DYNAMIC_ROWS 8
#define CHUNKS_PER_THREAD 8
#ifndef PREFETCH
#define PREFETCH 2048
#endif

/* One group of 32 activations (two registers): int8 codes, the scale and the sum of the quantized
 * values (so the result is exactly W times the quantized x; the exact sum would leave the error
 * of the offsets m, which are large, in it). */
static inline void quantize_group(vf a, vf b, int8_t *xq, float *dx, float *xs) {
    float amax = vf_reduce_max(vf_max(vf_abs(a), vf_abs(b)));
    float inv = amax > 0 ? 127.0f / amax : 0.0f;
    vf s = vf_set1(inv);
    vi qa = vi_from_vf(vf_mul(a, s));
    vi qb = vi_from_vf(vf_mul(b, s));
    vi_store_s8(xq, qa);
    vi_store_s8(xq + 16, qb);
    *dx = amax / 127.0f;
    *xs = *dx * (float)vi_reduce_add(vi_add(qa, qb));
}

/* One row of bfloat16 x, quantized group by group. */
static inline void quantize_row(const uint16_t *x, int64_t k, int8_t *xq, float *dx, float *xs) {
    for (int64_t g = 0; g < k / GROUP; g++)
        quantize_group(vf_from_bf16(x + g * GROUP), vf_from_bf16(x + g * GROUP + 16),
                       xq + g * GROUP, dx + g, xs + g);
}

/* The same for a row of float32 x. */
static inline void quantize_row_f32(const float *x, int64_t k, int8_t *xq, float *dx, float *xs) {
    for (int64_t g = 0; g < k / GROUP; g++)
        quantize_group(vf_load(x + g * GROUP), vf_load(x + g * GROUP + 16), xq + g * GROUP,
                       dx + g, xs + g);
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
            /* Integer adds reassociate freely, and GCC turns each row's chain of vdot_add into a
             * tree: every product of the group held at once, spilled to the stack (64 spills a
             * group at 4 rows on AVX2). Passing each sum through an empty asm keeps the chain a
             * chain, in registers: the same sums, prefill ~1.3x faster. */
            for (int r = 0; r < rows; r++) dot[r] = vdot_pin(dot[r]);
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

/* y[:, block b] for every row of xq: one block of 16 outputs. */
static inline void int4_block(const int8_t *xq, const float *dx, const float *xs, int64_t mrows,
                              int64_t k, const uint8_t *w, const uint16_t *d, const uint16_t *m,
                              int64_t n, float *y, int64_t b) {
    int64_t groups = k / GROUP;
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

/* y[M, N] = xq[M, K] @ W^T for x quantized by quantize_row: the output blocks shared among the
 * threads of the enclosing parallel region (an orphaned `omp for`; outside one, one thread does
 * all). N a multiple of 16, K of 32. each_block(state), when given, runs before each of the
 * thread's blocks (the decode step prefetches there what the thread reads after the matmul).
 *
 * From DYNAMIC_ROWS rows on, the blocks are handed out a few at a time as each thread asks: a
 * thread the OS has preempted (in a server, the HTTP thread and the clients want a core too) then
 * holds back only its few blocks, and the others do the rest instead of waiting at the barrier for
 * its whole share. Below that, a block is too little work for the handing out to pay, and each
 * thread's contiguous share streams through memory faster (batch 1 measured ~10 % slower handed
 * out). Each output block is computed alone, so who computes it does not change a bit. */
static void int4_blocks(const int8_t *xq, const float *dx, const float *xs, int64_t mrows,
                        int64_t k, const uint8_t *w, const uint16_t *d, const uint16_t *m,
                        int64_t n, float *y, void (*each_block)(void *), void *state) {
    int64_t blocks = n / ROWS;
    if (mrows < DYNAMIC_ROWS) {
#pragma omp for schedule(static)
        for (int64_t b = 0; b < blocks; b++) {
            if (each_block) each_block(state);
            int4_block(xq, dx, xs, mrows, k, w, d, m, n, y, b);
        }
        return;
    }
    int64_t chunk = blocks / (CHUNKS_PER_THREAD * omp_get_num_threads());
    if (chunk < 1) chunk = 1;
#pragma omp for schedule(dynamic, chunk)
    for (int64_t b = 0; b < blocks; b++) {
        if (each_block) each_block(state);
        int4_block(xq, dx, xs, mrows, k, w, d, m, n, y, b);
    }
}

#endif
