/* The decode-step attention of decode_attention.h as one call, a task per (row, kv head),
 * handed to the threads one at a time (rows' lengths differ). */
#include <stdint.h>

#include "decode_attention.h"

#include "supported.h"

/* qkv: [rows, heads + 2 kv_heads, head_dim] (this step's projections, rotary applied); cache: one
 * layer, [slots, max_len, 2 kv_heads, head_dim], this step's keys and values already written;
 * out: [rows, heads, head_dim]. head_dim a multiple of 16 up to 256, heads / kv_heads up to 16.
 * Returns 0, -1 when out of memory, -2 for shapes it does not handle (nothing written then). */
int storyapp_decode_attention(const float *qkv, int64_t rows, int64_t heads, int64_t kv_heads,
                              int64_t head_dim, const float *cache, int64_t max_len,
                              const int64_t *slots, const int64_t *lengths, float scale,
                              float *out) {
    int64_t group = heads / kv_heads, chunks = head_dim / 16;
    if (head_dim % 16 || chunks > MAX_CHUNKS || heads % kv_heads || group > MAX_GROUP) return -2;
    int64_t stride = 2 * kv_heads * head_dim, failed = 0;
#pragma omp parallel for collapse(2) schedule(dynamic) reduction(| : failed) if (rows * kv_heads > 1)
    for (int64_t r = 0; r < rows; r++)
        for (int64_t h = 0; h < kv_heads; h++) {
            const float *q = qkv + (r * (heads + 2 * kv_heads) + h * group) * head_dim;
            const float *keys = cache + slots[r] * max_len * stride + h * head_dim;
            const float *values = keys + kv_heads * head_dim;
            float *o = out + (r * heads + h * group) * head_dim;
            failed |= one_task(q, keys, values, stride, lengths[r], group, chunks, scale, o,
                               head_dim) != 0;
        }
    return failed ? -1 : 0;
}
