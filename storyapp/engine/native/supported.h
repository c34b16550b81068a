/* Every kernel library exports this: whether the CPU it runs on has the instructions the library
 * was built for (one of library.py's variants). Included once by each kernel source. */
int storyapp_supported(void) {
    __builtin_cpu_init();
#ifdef __AVX512VNNI__
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
#else
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
           __builtin_cpu_supports("f16c");
#endif
}
