/* 4-bit weight x bf16 activation matmul for x86-64 CPUs with AVX-512 VNNI.
 *
 * Activations are quantized to int8 in groups of 32 (one scale each, as llama.cpp's Q8 blocks), so
 * the inner product is vpdpbusd: 64 multiply-adds an instruction, where dequantizing the weights
 * to float costs 16. A weight group is w = d * q + m (q in 0..15, d and m fp16), so
 *   sum_k w_k x_k ~ sum_g d_g * dx_g * sum_k q_k xq_k + m_g * dx_g * sum_k xq_k.
 *
 * Weight layout, per block of 16 output rows and group of 32 inputs: 4 chunks of 64 bytes; byte
 * j of chunk c holds row j / 4, with input c * 8 + j % 4 in its low nibble and c * 8 + 4 + j % 4
 * in its high nibble. d and m are [N / 16][K / 32][16] fp16.
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>

#define ROWS 16
#define GROUP 32
#define MBLOCK 4
#ifndef PREFETCH
#define PREFETCH 2048
#endif

#include "supported.h"

static inline __m512 load_bf16(const uint16_t *p) {
    __m256i h = _mm256_loadu_si256((const __m256i *)p);
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}

/* One row of x: int8 codes, the scale and the sum of the quantized values of each group of 32
 * (so the result is exactly W times the quantized x; the exact sum would leave the error of
 * the offsets m, which are large, in it). */
static void quantize_row(const uint16_t *x, int k, int8_t *xq, float *dx, float *xs) {
    for (int g = 0; g < k / GROUP; g++) {
        __m512 a = load_bf16(x + g * GROUP), b = load_bf16(x + g * GROUP + 16);
        float amax = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(a), _mm512_abs_ps(b)));
        float inv = amax > 0 ? 127.0f / amax : 0.0f;
        __m512 s = _mm512_set1_ps(inv);
        __m512i qa = _mm512_cvtps_epi32(_mm512_mul_ps(a, s));
        __m512i qb = _mm512_cvtps_epi32(_mm512_mul_ps(b, s));
        _mm_storeu_si128((__m128i *)(xq + g * GROUP), _mm512_cvtsepi32_epi8(qa));
        _mm_storeu_si128((__m128i *)(xq + g * GROUP + 16), _mm512_cvtsepi32_epi8(qb));
        dx[g] = amax / 127.0f;
        xs[g] = dx[g] * (float)_mm512_reduce_add_epi32(_mm512_add_epi32(qa, qb));
    }
}

/* 16 output rows of ROWS_X activation rows (inlined with a constant, so the accumulators stay in
 * registers). */
static inline __attribute__((always_inline)) void block_mm(const uint8_t *w, const uint16_t *d, const uint16_t *m, int groups,
                     const int8_t *xq, const float *dx, const float *xs, int rows, int k, int n,
                     float *y) {
    const __m512i low = _mm512_set1_epi8(0x0F);
    __m512 acc[MBLOCK];
    for (int r = 0; r < rows; r++) acc[r] = _mm512_setzero_ps();
    for (int g = 0; g < groups; g++) {
        __m512i dot[MBLOCK];
        for (int r = 0; r < rows; r++) dot[r] = _mm512_setzero_si512();
        const uint8_t *wg = w + (size_t)g * 256;
        for (int c = 0; c < 4; c++) _mm_prefetch((const char *)wg + PREFETCH + c * 64, _MM_HINT_T0);
        for (int c = 0; c < 4; c++) {
            __m512i v = _mm512_loadu_si512(wg + c * 64);
            __m512i lo = _mm512_and_si512(v, low);
            __m512i hi = _mm512_and_si512(_mm512_srli_epi16(v, 4), low);
            for (int r = 0; r < rows; r++) {
                const int8_t *xr = xq + (size_t)r * k + g * GROUP + c * 8;
                dot[r] = _mm512_dpbusd_epi32(dot[r], lo, _mm512_set1_epi32(*(const int32_t *)xr));
                dot[r] = _mm512_dpbusd_epi32(dot[r], hi,
                                             _mm512_set1_epi32(*(const int32_t *)(xr + 4)));
            }
        }
        __m512 dg = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(d + g * ROWS)));
        __m512 mg = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(m + g * ROWS)));
        for (int r = 0; r < rows; r++) {
            size_t at = (size_t)r * (k / GROUP) + g;
            __m512 scale = _mm512_mul_ps(dg, _mm512_set1_ps(dx[at]));
            acc[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot[r]), scale, acc[r]);
            acc[r] = _mm512_fmadd_ps(mg, _mm512_set1_ps(xs[at]), acc[r]);
        }
    }
    for (int r = 0; r < rows; r++)
        _mm512_storeu_ps(y + (size_t)r * n, acc[r]);
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
