/* The mixed-adapter LoRA of lora_apply.h as one call per projection. */
#include <omp.h>
#include <stdint.h>

#include "lora_apply.h"

#include "supported.h"

/* x [tokens, K], y [tokens, N] float32; tokens / rows consecutive tokens share a row; a[r] is
 * row r's A (NULL: no adapter) with ranks[r] columns. Returns 0, or -1 for a rank over MAX_RANK
 * (nothing written). */
int storyapp_lora_apply(const float *x, int64_t tokens, int64_t k, float *y, int64_t n,
                        const uint16_t *const *a, const int64_t *ranks, int64_t rows,
                        const Piece *pieces, int64_t n_pieces) {
    Plan plan = {a, ranks, rows, pieces, n_pieces};
    if (!plan_fits(&plan)) return -1;
    if (tokens == 1 && rows >= 1 && a[0] && shrink_parts(k, ranks[0]) > 1) {
        int64_t parts = shrink_parts(k, ranks[0]);
        float partial[parts * MAX_RANK], h[MAX_RANK];
#pragma omp parallel num_threads(parts)
        plan_apply(&plan, x, tokens, k, y, n, partial, h);
        return 0;
    }
#pragma omp parallel if (tokens > 1)
    plan_apply(&plan, x, tokens, k, y, n, NULL, NULL);
    return 0;
}
