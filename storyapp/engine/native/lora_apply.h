/* Mixed-adapter LoRA for one projection in one call: for every token i of batch row r,
 *   h = x[i] @ A_r            (A_r: fp16 [K, R_r], the row's sub-targets' A side by side,
 *                              stored transposed: R_r rows of K)
 *   y[i, lo:hi] += h[col : col + rank] @ B   for each of the row's pieces (fp16 B [rank, hi - lo])
 *
 * The adapters are read where they are (no per-batch copies, no zero blocks between the q/k/v or
 * gate/up pieces), in fp16: a third of the bytes of fused float32 copies, and on a CPU LoRA's
 * cost is the bytes it reads. torch would need a bmm and a baddbmm per projection.
 */
#ifndef STORYAPP_LORA_APPLY_H
#define STORYAPP_LORA_APPLY_H

#include <omp.h>
#include <stdint.h>

#include "vec16.h"

#define MAX_RANK 1024
#define SHARE_WORK (1 << 16) /* K x rank from which a token's shrink is split in parts */

typedef struct {
    int64_t row, col, rank, lo, hi;
    const uint16_t *b;
} Piece;

/* h[0:rank] = x @ a, a stored transposed: rank rows of fp16 (a's columns), `lda` apart. Four
 * rows share each 16 inputs loaded; each row's dot product is summed across its lanes at the end
 * (any rank keeps every lane busy: a rank-8 A read as [K, 8] would fill half a vector). */
static void shrink(const float *x, int64_t k, const uint16_t *a, int64_t lda, int64_t rank,
                   float *h) {
    int64_t whole = k - k % 16;
    vmask tail = vmask_first(k - whole);
    for (int64_t j = 0; j < rank; j += 4) {
        int rows = rank - j < 4 ? (int)(rank - j) : 4;
        const uint16_t *r[4];
        vf acc[4];
        for (int v = 0; v < 4; v++) {
            r[v] = a + (j + (v < rows ? v : 0)) * lda; /* a missing row repeats the first */
            acc[v] = vf_zero();
        }
        for (int64_t i = 0; i < whole; i += 16) {
            vf xv = vf_load(x + i);
            for (int v = 0; v < 4; v++) acc[v] = vf_fmadd(xv, vf_from_f16(r[v] + i), acc[v]);
        }
        if (tail) {
            vf xv = vf_load_masked(x + whole, tail);
            for (int v = 0; v < 4; v++)
                acc[v] = vf_fmadd(xv, vf_from_f16_masked(r[v] + whole, tail), acc[v]);
        }
        for (int v = 0; v < rows; v++) h[j + v] = vf_reduce_add(acc[v]);
    }
}

/* y[lo + from : lo + to] += h[col : col + rank] @ b[:, from:to], 64 output columns (4 independent
 * registers) at a time. */
static void expand(const float *h, const Piece *p, float *y, int64_t from, int64_t to) {
    int64_t width = p->hi - p->lo;
    for (int64_t c = from; c < to; c += 64) {
        vf acc[4];
        vmask m[4];
        for (int v = 0; v < 4; v++) {
            m[v] = vmask_first(to - c - 16 * v);
            acc[v] = vf_load_masked(y + p->lo + c + 16 * v, m[v]);
        }
        for (int64_t j = 0; j < p->rank; j++) {
            vf hj = vf_set1(h[p->col + j]);
            const uint16_t *bj = p->b + j * width + c;
            for (int v = 0; v < 4; v++)
                if (m[v]) acc[v] = vf_fmadd(hj, vf_from_f16_masked(bj + 16 * v, m[v]), acc[v]);
        }
        for (int v = 0; v < 4; v++)
            if (m[v]) vf_store_masked(y + p->lo + c + 16 * v, m[v], acc[v]);
    }
}

/* A large shrink is summed as `parts` partial sums over consecutive input ranges, added in order,
 * whether the parts run on one thread or on several: a token gets the same bits alone (threads
 * sharing its work) or in a batch (a thread per token). */
static int64_t shrink_parts(int64_t k, int64_t rank) {
    return k * rank >= SHARE_WORK ? omp_get_max_threads() : 1;
}

static void shrink_part(const float *x, int64_t k, const uint16_t *a, int64_t rank, int64_t part,
                        int64_t parts, float *h) {
    int64_t lo = k * part / parts, hi = k * (part + 1) / parts;
    shrink(x + lo, hi - lo, a + lo, k, rank, h);
}

static void add_parts(float *partial, int64_t parts, int64_t rank, float *h) {
    for (int64_t j = 0; j < rank; j++) h[j] = partial[j];
    for (int64_t t = 1; t < parts; t++)
        for (int64_t j = 0; j < rank; j++) h[j] += partial[t * rank + j];
}

static void one_token(const float *x, int64_t k, float *y, const uint16_t *a, int64_t rank,
                      int64_t row, const Piece *pieces, int64_t n_pieces) {
    int64_t parts = shrink_parts(k, rank);
    float partial[parts * rank], h[MAX_RANK];
    for (int64_t t = 0; t < parts; t++) shrink_part(x, k, a, rank, t, parts, partial + t * rank);
    add_parts(partial, parts, rank, h);
    for (int64_t p = 0; p < n_pieces; p++)
        if (pieces[p].row == row) expand(h, &pieces[p], y, 0, pieces[p].hi - pieces[p].lo);
}

/* The same for a token alone with a large adapter, by every thread of the enclosing parallel
 * region: the threads share the shrink's parts, then each expands its share of every piece's
 * columns (in blocks of 64). partial [parts x rank] and h [rank] are shared by the threads; y is
 * whole once all of them are past their next barrier. */
static void one_token_team(const float *x, int64_t k, float *y, const uint16_t *a, int64_t rank,
                           int64_t row, const Piece *pieces, int64_t n_pieces, float *partial,
                           float *h) {
    int64_t parts = shrink_parts(k, rank);
    int64_t t = omp_get_thread_num(), nt = omp_get_num_threads();
    for (int64_t part = t; part < parts; part += nt)
        shrink_part(x, k, a, rank, part, parts, partial + part * rank);
#pragma omp barrier
#pragma omp single
    add_parts(partial, parts, rank, h);
    for (int64_t p = 0; p < n_pieces; p++) {
        if (pieces[p].row != row) continue;
        int64_t width = pieces[p].hi - pieces[p].lo, blocks = (width + 63) / 64;
        int64_t from = 64 * (blocks * t / nt), to = 64 * (blocks * (t + 1) / nt);
        expand(h, &pieces[p], y, from, to < width ? to : width);
    }
}

/* One projection's adapters for one batch: a[r] is row r's A (NULL: no adapter) with ranks[r]
 * columns; the pieces say where each row's B goes. */
typedef struct {
    const uint16_t *const *a;
    const int64_t *ranks;
    int64_t rows;
    const Piece *pieces;
    int64_t n_pieces;
} Plan;

/* Whether plan's rank fits MAX_RANK everywhere. */
static int plan_fits(const Plan *plan) {
    for (int64_t r = 0; r < plan->rows; r++)
        if (plan->ranks[r] > MAX_RANK) return 0;
    return 1;
}

/* Whether a token alone with this plan's adapter has its shrink shared by the threads. */
static int plan_shared(const Plan *plan, int64_t tokens, int64_t k) {
    return tokens == 1 && plan->rows >= 1 && plan->a[0] && shrink_parts(k, plan->ranks[0]) > 1;
}

/* Adds token i's LoRA delta to its row of y, by the calling thread (tokens / rows consecutive
 * tokens a row; x and y: token i's rows). */
static void plan_token(const Plan *plan, int64_t i, int64_t tokens, const float *x, int64_t k,
                       float *y) {
    int64_t r = i / (tokens / plan->rows);
    if (r < plan->rows && plan->a[r])
        one_token(x, k, y, plan->a[r], plan->ranks[r], r, plan->pieces, plan->n_pieces);
}

/* Adds each token's LoRA delta to y (x [tokens, K], y [tokens, N] float32, tokens / rows
 * consecutive tokens a row), by the threads of the enclosing parallel region (outside one, by
 * the caller alone). partial and h: shared scratch for a token alone with a large adapter
 * (threads x MAX_RANK and MAX_RANK floats). */
static void plan_apply(const Plan *plan, const float *x, int64_t tokens, int64_t k, float *y,
                       int64_t n, float *partial, float *h) {
    if (plan_shared(plan, tokens, k)) {
        one_token_team(x, k, y, plan->a[0], plan->ranks[0], 0, plan->pieces, plan->n_pieces,
                       partial, h);
#pragma omp barrier
        return;
    }
#pragma omp for schedule(static)
    for (int64_t i = 0; i < tokens; i++) plan_token(plan, i, tokens, x + i * k, k, y + i * n);
}

/* The adapter bytes one thread's tokens will read in plan_token (each token's A, then its row's B
 * pieces), brought into the cache a few lines at a time while the thread's share of the
 * projection's matmul runs. That matmul is bound by arithmetic; the LoRA after it, one token per
 * adapter, reads two bytes per multiply-add and is bound by memory, so its reads ride along.
 * The thread's tokens are those libgomp's static schedule gives it (a guess elsewhere: a wrong
 * one only fetches other bytes). */
typedef struct {
    const Plan *plan;
    const char *at, *end; /* the span being fetched */
    int64_t k, tokens, token, last, piece, lines; /* piece -1: the token's A */
} Fetch;

#define LINE 64

/* Moves f to its next span with bytes in it; at == NULL when the thread's tokens are done. */
static void fetch_span(Fetch *f) {
    const Plan *p = f->plan;
    for (; f->token < f->last; f->token++, f->piece = -1) {
        int64_t r = f->token / (f->tokens / p->rows);
        if (r >= p->rows || !p->a[r]) continue;
        if (f->piece < 0) {
            f->piece = 0;
            f->at = (const char *)p->a[r];
            f->end = f->at + 2 * p->ranks[r] * f->k;
            return;
        }
        for (; f->piece < p->n_pieces; f->piece++) {
            const Piece *q = &p->pieces[f->piece];
            if (q->row != r) continue;
            f->piece++;
            f->at = (const char *)q->b;
            f->end = f->at + 2 * q->rank * (q->hi - q->lo);
            return;
        }
    }
    f->at = NULL;
}

/* f set up for the calling thread's tokens, spread over `calls` calls of fetch_some. */
static void fetch_init(Fetch *f, const Plan *plan, int64_t tokens, int64_t k, int64_t calls) {
    int64_t t = omp_get_thread_num(), nt = omp_get_num_threads();
    int64_t q = tokens / nt, extra = tokens % nt;
    int64_t first = t * q + (t < extra ? t : extra);
    *f = (Fetch){plan, NULL, NULL, k, tokens, first, first + q + (t < extra), -1, 0};
    int64_t bytes = 0;
    for (fetch_span(f); f->at; f->at = f->end, fetch_span(f)) bytes += f->end - f->at;
    f->token = first, f->piece = -1;
    fetch_span(f);
    f->lines = (bytes / LINE + calls) / (calls > 0 ? calls : 1);
}

static void fetch_some(void *state) {
    Fetch *f = state;
    for (int64_t i = 0; i < f->lines && f->at; i++) {
        _mm_prefetch(f->at, _MM_HINT_T1);
        f->at += LINE;
        if (f->at >= f->end) fetch_span(f);
    }
}

#endif
