/* Mixed-adapter LoRA for one projection in one call: for every token i of batch row r,
 *   h = x[i] @ A_r            (A_r: fp16 [K, R_r], the row's sub-targets' A side by side)
 *   y[i, lo:hi] += h[col : col + rank] @ B   for each of the row's pieces (fp16 B [rank, hi - lo])
 *
 * The adapters are read where they are (no per-batch copies, no zero blocks between the q/k/v or
 * gate/up pieces), in fp16: a third of the bytes of fused float32 copies, and on a CPU LoRA's
 * cost is the bytes it reads. torch would need a bmm and a baddbmm per projection.
 */
#include <immintrin.h>
#include <stdint.h>

#define MAX_RANK 1024

int storyapp_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}

typedef struct {
    int64_t row, col, rank, lo, hi;
    const uint16_t *b;
} Piece;

static inline __mmask16 tail(int64_t left) { return left >= 16 ? 0xFFFF : (1u << left) - 1; }

static inline __m512 load_f16(const uint16_t *p, __mmask16 m) {
    return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p));
}

/* h[0:rank] = x @ a, 16 lanes x 4 registers of h at a time; each register has two accumulators
 * (even and odd inputs) so consecutive fused multiply-adds do not wait on each other. */
static void shrink(const float *x, int64_t k, const uint16_t *a, int64_t rank, float *h) {
    for (int64_t j = 0; j < rank; j += 64) {
        __m512 even[4], odd[4];
        __mmask16 m[4];
        for (int v = 0; v < 4; v++) {
            m[v] = j + 16 * v < rank ? tail(rank - j - 16 * v) : 0;
            even[v] = odd[v] = _mm512_setzero_ps();
        }
        int64_t kk = 0;
        for (; kk + 1 < k; kk += 2) {
            __m512 x0 = _mm512_set1_ps(x[kk]), x1 = _mm512_set1_ps(x[kk + 1]);
            const uint16_t *a0 = a + kk * rank + j, *a1 = a0 + rank;
            for (int v = 0; v < 4; v++)
                if (m[v]) {
                    even[v] = _mm512_fmadd_ps(x0, load_f16(a0 + 16 * v, m[v]), even[v]);
                    odd[v] = _mm512_fmadd_ps(x1, load_f16(a1 + 16 * v, m[v]), odd[v]);
                }
        }
        for (; kk < k; kk++)
            for (int v = 0; v < 4; v++)
                if (m[v])
                    even[v] = _mm512_fmadd_ps(_mm512_set1_ps(x[kk]),
                                              load_f16(a + kk * rank + j + 16 * v, m[v]), even[v]);
        for (int v = 0; v < 4; v++)
            if (m[v]) _mm512_mask_storeu_ps(h + j + 16 * v, m[v], _mm512_add_ps(even[v], odd[v]));
    }
}

/* y[lo:hi] += h[col : col + rank] @ b, 64 output columns (4 independent registers) at a time. */
static void expand(const float *h, const Piece *p, float *y) {
    int64_t width = p->hi - p->lo;
    for (int64_t c = 0; c < width; c += 64) {
        __m512 acc[4];
        __mmask16 m[4];
        for (int v = 0; v < 4; v++) {
            m[v] = c + 16 * v < width ? tail(width - c - 16 * v) : 0;
            acc[v] = _mm512_maskz_loadu_ps(m[v], y + p->lo + c + 16 * v);
        }
        for (int64_t j = 0; j < p->rank; j++) {
            __m512 hj = _mm512_set1_ps(h[p->col + j]);
            const uint16_t *bj = p->b + j * width + c;
            for (int v = 0; v < 4; v++)
                if (m[v]) acc[v] = _mm512_fmadd_ps(hj, load_f16(bj + 16 * v, m[v]), acc[v]);
        }
        for (int v = 0; v < 4; v++)
            if (m[v]) _mm512_mask_storeu_ps(y + p->lo + c + 16 * v, m[v], acc[v]);
    }
}

/* x [tokens, K], y [tokens, N] float32; tokens_per_row consecutive tokens share a row; a[r] is
 * row r's A (NULL: no adapter) with ranks[r] columns. Returns 0, or -1 for a rank over MAX_RANK
 * (nothing written). */
int storyapp_lora_apply(const float *x, int64_t tokens, int64_t k, float *y, int64_t n,
                        int64_t tokens_per_row, const uint16_t *const *a, const int64_t *ranks,
                        int64_t rows, const Piece *pieces, int64_t n_pieces) {
    for (int64_t r = 0; r < rows; r++)
        if (ranks[r] > MAX_RANK) return -1;
#pragma omp parallel for schedule(static) if (tokens > 1)
    for (int64_t i = 0; i < tokens; i++) {
        int64_t r = i / tokens_per_row;
        if (r >= rows || !a[r]) continue;
        float h[MAX_RANK];
        shrink(x + i * k, k, a[r], ranks[r], h);
        for (int64_t p = 0; p < n_pieces; p++)
            if (pieces[p].row == r) expand(h, &pieces[p], y + i * n);
    }
    return 0;
}
