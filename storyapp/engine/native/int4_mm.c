/* The 4-bit matmul of int4_mm.h as one call: y[M, N] = x[M, K] @ W^T, x bfloat16. */
#include <stdint.h>
#include <stdlib.h>

#include "int4_mm.h"

#include "supported.h"

static __thread int8_t *scratch;
static __thread size_t scratch_bytes;

/* y float32 (what the model wants next anyway). N a multiple of 16, K of 32. Returns 0, or -1
 * when out of memory (nothing written). */
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
#pragma omp parallel
    {
#pragma omp for schedule(static)
        for (int64_t r = 0; r < mrows; r++)
            quantize_row(x + r * k, k, xq + r * k, dx + r * groups, xs + r * groups);
        int4_blocks(xq, dx, xs, mrows, k, w, d, m, n, y, NULL, NULL);
    }
    return 0;
}
