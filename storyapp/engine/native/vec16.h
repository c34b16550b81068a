/* 16 float32 (or int32) lanes: one AVX-512 register, or two AVX2 registers (lanes 0-7, 8-15).
 *
 * The kernels are written once against these functions; library.py builds each of them for
 * AVX-512 VNNI where the CPU has it, else for AVX2 + FMA + F16C. Both give the same bits: every
 * lane does the same float operations in the same order, the horizontal sums add in the order of
 * GCC's _mm512_reduce_add_ps, and the 4-bit dot products are exact integers either way.
 */
#ifndef STORYAPP_VEC16_H
#define STORYAPP_VEC16_H

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#ifdef __AVX512VNNI__

typedef __m512 vf;
typedef __m512i vi;
typedef __m512i vbytes;  /* 64 bytes */
typedef __m512i vdot;    /* 16 int32 sums of u8 x s8 products */
typedef __mmask16 vmask; /* the first lanes */

static inline vf vf_zero(void) { return _mm512_setzero_ps(); }
static inline vf vf_set1(float a) { return _mm512_set1_ps(a); }
static inline vf vf_load(const float *p) { return _mm512_loadu_ps(p); }
static inline void vf_store(float *p, vf a) { _mm512_storeu_ps(p, a); }
static inline vf vf_add(vf a, vf b) { return _mm512_add_ps(a, b); }
static inline vf vf_sub(vf a, vf b) { return _mm512_sub_ps(a, b); }
static inline vf vf_mul(vf a, vf b) { return _mm512_mul_ps(a, b); }
static inline vf vf_div(vf a, vf b) { return _mm512_div_ps(a, b); }
static inline vf vf_max(vf a, vf b) { return _mm512_max_ps(a, b); }
static inline vf vf_abs(vf a) { return _mm512_abs_ps(a); }
static inline vf vf_fmadd(vf a, vf b, vf c) { return _mm512_fmadd_ps(a, b, c); }
static inline vf vf_fnmadd(vf a, vf b, vf c) { return _mm512_fnmadd_ps(a, b, c); }
static inline float vf_reduce_add(vf a) { return _mm512_reduce_add_ps(a); }
static inline float vf_reduce_max(vf a) { return _mm512_reduce_max_ps(a); }
static inline vf vf_round(vf a) {
    return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}
/* a * 2^n for integral n in [-126, 127] */
static inline vf vf_scale2(vf a, vf n) { return _mm512_scalef_ps(a, n); }

/* 16 bfloat16 or fp16 values as float32 */
static inline vf vf_from_bf16(const uint16_t *p) {
    __m256i h = _mm256_loadu_si256((const __m256i *)p);
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}
static inline vf vf_from_f16(const uint16_t *p) {
    return _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)p));
}

static inline vmask vmask_first(int64_t lanes) {
    return lanes >= 16 ? 0xFFFF : lanes <= 0 ? 0 : (__mmask16)((1u << lanes) - 1);
}
/* The masked functions read and write only the lanes of m; the others are zero. */
static inline vf vf_load_masked(const float *p, vmask m) { return _mm512_maskz_loadu_ps(m, p); }
static inline void vf_store_masked(float *p, vmask m, vf a) { _mm512_mask_storeu_ps(p, m, a); }
static inline vf vf_keep(vmask m, vf a) { return _mm512_maskz_mov_ps(m, a); }
static inline vf vf_from_f16_masked(const uint16_t *p, vmask m) {
    return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, p));
}

static inline vi vi_from_vf(vf a) { return _mm512_cvtps_epi32(a); } /* rounded to nearest */
static inline vf vf_from_vi(vi a) { return _mm512_cvtepi32_ps(a); }
static inline vi vi_add(vi a, vi b) { return _mm512_add_epi32(a, b); }
static inline int32_t vi_reduce_add(vi a) { return _mm512_reduce_add_epi32(a); }
/* 16 int8, saturated */
static inline void vi_store_s8(int8_t *p, vi a) {
    _mm_storeu_si128((__m128i *)p, _mm512_cvtsepi32_epi8(a));
}

static inline vbytes vbytes_load(const uint8_t *p) { return _mm512_loadu_si512(p); }
static inline vbytes vbytes_low_nibbles(vbytes a) {
    return _mm512_and_si512(a, _mm512_set1_epi8(0x0F));
}
static inline vbytes vbytes_high_nibbles(vbytes a) {
    return _mm512_and_si512(_mm512_srli_epi16(a, 4), _mm512_set1_epi8(0x0F));
}

/* Lane i of a vdot sums, over the vdot_add calls since vdot_zero, the products of bytes 4i..4i+3
 * of u (unsigned) with the 4 bytes of x (signed). At most 8 calls in between (32 inputs). */
static inline vdot vdot_zero(void) { return _mm512_setzero_si512(); }
static inline vdot vdot_add(vdot acc, vbytes u, const int8_t *x) {
    return _mm512_dpbusd_epi32(acc, u, _mm512_set1_epi32(*(const int32_t *)x));
}
static inline vi vdot_sums(vdot acc) { return acc; }
static inline vdot vdot_pin(vdot a) {
    __asm__("" : "+v"(a));
    return a;
}

#elif defined(__AVX2__) && defined(__FMA__) && defined(__F16C__)

typedef struct {
    __m256 lo, hi;
} vf;
typedef struct {
    __m256i lo, hi;
} vi;
typedef struct {
    __m256i lo, hi;
} vbytes;
/* 16-bit partial sums, added to 32 bits by vdot_sums: 8 calls of vdot_add add at most
 * 8 * 2 * 15 * 128 = 30720 in a 16-bit lane, which does not overflow. */
typedef struct {
    __m256i lo, hi;
} vdot;
typedef int vmask; /* how many of the first lanes, 0..16 */

#define VF_MAP2(op, a, b) ((vf){op((a).lo, (b).lo), op((a).hi, (b).hi)})

static inline vf vf_zero(void) { return (vf){_mm256_setzero_ps(), _mm256_setzero_ps()}; }
static inline vf vf_set1(float a) { return (vf){_mm256_set1_ps(a), _mm256_set1_ps(a)}; }
static inline vf vf_load(const float *p) {
    return (vf){_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8)};
}
static inline void vf_store(float *p, vf a) {
    _mm256_storeu_ps(p, a.lo);
    _mm256_storeu_ps(p + 8, a.hi);
}
static inline vf vf_add(vf a, vf b) { return VF_MAP2(_mm256_add_ps, a, b); }
static inline vf vf_sub(vf a, vf b) { return VF_MAP2(_mm256_sub_ps, a, b); }
static inline vf vf_mul(vf a, vf b) { return VF_MAP2(_mm256_mul_ps, a, b); }
static inline vf vf_div(vf a, vf b) { return VF_MAP2(_mm256_div_ps, a, b); }
static inline vf vf_max(vf a, vf b) { return VF_MAP2(_mm256_max_ps, a, b); }
static inline vf vf_abs(vf a) {
    __m256 bits = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    return (vf){_mm256_and_ps(a.lo, bits), _mm256_and_ps(a.hi, bits)};
}
static inline vf vf_fmadd(vf a, vf b, vf c) {
    return (vf){_mm256_fmadd_ps(a.lo, b.lo, c.lo), _mm256_fmadd_ps(a.hi, b.hi, c.hi)};
}
static inline vf vf_fnmadd(vf a, vf b, vf c) {
    return (vf){_mm256_fnmadd_ps(a.lo, b.lo, c.lo), _mm256_fnmadd_ps(a.hi, b.hi, c.hi)};
}
/* halves, then quarters, then pairs: the order of _mm512_reduce_add_ps */
static inline float vf_reduce_add(vf a) {
    __m256 s8 = _mm256_add_ps(a.hi, a.lo);
    __m128 s4 = _mm_add_ps(_mm256_extractf128_ps(s8, 1), _mm256_castps256_ps128(s8));
    __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
    return _mm_cvtss_f32(_mm_add_ss(s2, _mm_movehdup_ps(s2)));
}
static inline float vf_reduce_max(vf a) {
    __m256 s8 = _mm256_max_ps(a.hi, a.lo);
    __m128 s4 = _mm_max_ps(_mm256_extractf128_ps(s8, 1), _mm256_castps256_ps128(s8));
    __m128 s2 = _mm_max_ps(s4, _mm_movehl_ps(s4, s4));
    return _mm_cvtss_f32(_mm_max_ss(s2, _mm_movehdup_ps(s2)));
}
static inline vf vf_round(vf a) {
    const int to_nearest = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
    return (vf){_mm256_round_ps(a.lo, to_nearest), _mm256_round_ps(a.hi, to_nearest)};
}
/* a * 2^n for integral n in [-126, 127]: 2^n is a normal float, built from its exponent bits */
static inline __m256 pow2(__m256 n) {
    __m256i e = _mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127));
    return _mm256_castsi256_ps(_mm256_slli_epi32(e, 23));
}
static inline vf vf_scale2(vf a, vf n) {
    return (vf){_mm256_mul_ps(a.lo, pow2(n.lo)), _mm256_mul_ps(a.hi, pow2(n.hi))};
}

static inline vf vf_from_bf16(const uint16_t *p) {
    __m256i lo = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)p));
    __m256i hi = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(p + 8)));
    return (vf){_mm256_castsi256_ps(_mm256_slli_epi32(lo, 16)),
                _mm256_castsi256_ps(_mm256_slli_epi32(hi, 16))};
}
static inline vf vf_from_f16(const uint16_t *p) {
    return (vf){_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)p)),
                _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(p + 8)))};
}

static inline vmask vmask_first(int64_t lanes) {
    return lanes >= 16 ? 16 : lanes <= 0 ? 0 : (int)lanes;
}
/* all bits set in the first `lanes` of 8 int32 lanes */
static inline __m256i first8(int lanes) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(lanes), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}
static inline vf vf_load_masked(const float *p, vmask m) {
    if (m >= 16) return vf_load(p);
    return (vf){_mm256_maskload_ps(p, first8(m)), _mm256_maskload_ps(p + 8, first8(m - 8))};
}
static inline void vf_store_masked(float *p, vmask m, vf a) {
    if (m >= 16) {
        vf_store(p, a);
        return;
    }
    _mm256_maskstore_ps(p, first8(m), a.lo);
    if (m > 8) _mm256_maskstore_ps(p + 8, first8(m - 8), a.hi);
}
static inline vf vf_keep(vmask m, vf a) {
    return (vf){_mm256_and_ps(a.lo, _mm256_castsi256_ps(first8(m))),
                _mm256_and_ps(a.hi, _mm256_castsi256_ps(first8(m - 8)))};
}
static inline vf vf_from_f16_masked(const uint16_t *p, vmask m) {
    if (m >= 16) return vf_from_f16(p);
    __m256i h;
    if (m % 2 == 0) { /* pairs of fp16 as int32 lanes */
        h = _mm256_maskload_epi32((const int *)p, first8(m / 2));
    } else {
        uint16_t copy[16] = {0};
        memcpy(copy, p, sizeof(uint16_t) * m);
        h = _mm256_loadu_si256((const __m256i *)copy);
    }
    return (vf){_mm256_cvtph_ps(_mm256_castsi256_si128(h)),
                _mm256_cvtph_ps(_mm256_extracti128_si256(h, 1))};
}

static inline vi vi_from_vf(vf a) {
    return (vi){_mm256_cvtps_epi32(a.lo), _mm256_cvtps_epi32(a.hi)};
}
static inline vf vf_from_vi(vi a) {
    return (vf){_mm256_cvtepi32_ps(a.lo), _mm256_cvtepi32_ps(a.hi)};
}
static inline vi vi_add(vi a, vi b) {
    return (vi){_mm256_add_epi32(a.lo, b.lo), _mm256_add_epi32(a.hi, b.hi)};
}
static inline int32_t vi_reduce_add(vi a) {
    __m256i s8 = _mm256_add_epi32(a.lo, a.hi);
    __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(s8), _mm256_extracti128_si256(s8, 1));
    __m128i s2 = _mm_add_epi32(s4, _mm_unpackhi_epi64(s4, s4));
    return _mm_cvtsi128_si32(_mm_add_epi32(s2, _mm_shuffle_epi32(s2, 1)));
}
static inline void vi_store_s8(int8_t *p, vi a) {
    __m128i lo = _mm_packs_epi32(_mm256_castsi256_si128(a.lo), _mm256_extracti128_si256(a.lo, 1));
    __m128i hi = _mm_packs_epi32(_mm256_castsi256_si128(a.hi), _mm256_extracti128_si256(a.hi, 1));
    _mm_storeu_si128((__m128i *)p, _mm_packs_epi16(lo, hi));
}

static inline vbytes vbytes_load(const uint8_t *p) {
    return (vbytes){_mm256_loadu_si256((const __m256i *)p),
                    _mm256_loadu_si256((const __m256i *)(p + 32))};
}
static inline vbytes vbytes_low_nibbles(vbytes a) {
    __m256i low = _mm256_set1_epi8(0x0F);
    return (vbytes){_mm256_and_si256(a.lo, low), _mm256_and_si256(a.hi, low)};
}
static inline vbytes vbytes_high_nibbles(vbytes a) {
    __m256i low = _mm256_set1_epi8(0x0F);
    return (vbytes){_mm256_and_si256(_mm256_srli_epi16(a.lo, 4), low),
                    _mm256_and_si256(_mm256_srli_epi16(a.hi, 4), low)};
}

/* u8 x s8 products added in pairs (maddubs: with u <= 15 a pair is far from saturating) */
static inline vdot vdot_zero(void) {
    return (vdot){_mm256_setzero_si256(), _mm256_setzero_si256()};
}
static inline vdot vdot_add(vdot acc, vbytes u, const int8_t *x) {
    __m256i xs = _mm256_set1_epi32(*(const int32_t *)x);
    return (vdot){_mm256_add_epi16(acc.lo, _mm256_maddubs_epi16(u.lo, xs)),
                  _mm256_add_epi16(acc.hi, _mm256_maddubs_epi16(u.hi, xs))};
}
/* An empty asm the sum passes through: see vdot_pin in int4_mm.h's block_mm. */
static inline vdot vdot_pin(vdot a) {
    __asm__("" : "+x"(a.lo), "+x"(a.hi));
    return a;
}
static inline vi vdot_sums(vdot acc) {
    __m256i ones = _mm256_set1_epi16(1);
    return (vi){_mm256_madd_epi16(acc.lo, ones), _mm256_madd_epi16(acc.hi, ones)};
}

#else
#error "the native kernels need AVX-512 VNNI, or AVX2 with FMA and F16C"
#endif

#endif
