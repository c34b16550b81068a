/* Every kernel library exports this: whether the CPU it runs on has the instructions all of them
 * are built for (library.py's FLAGS). Included once by each kernel source. */
int storyapp_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
}
