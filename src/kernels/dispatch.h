/* dispatch: whether the kernels carry copies for wider instruction sets,
 * picked at run time by what the processor has (GCC's target_clones and
 * __builtin_cpu_supports of x86-64-v3 and x86-64-v4, through the loader's
 * ifunc). The Makefile defines GRADLAB_DISPATCH when a test program using
 * both builds with the compiler at hand (gcc 12 on x86-64 does; gcc 11,
 * clang and systems without ifunc do not); without it every kernel is
 * built once, plain, and gives the same bits. Never under ASan, which does
 * not follow ifunc resolvers, nor under TSan, whose instrumented resolvers
 * run before it is set up (every program crashed as it loaded). */
#ifndef GRADLAB_DISPATCH_H
#define GRADLAB_DISPATCH_H

/* -ffast-math (or -Ofast) lets the compiler reorder sums and assume no
 * infinity or NaN: other bits on every build, and the softmax's -inf
 * logits wrong. The build refuses it. */
#ifdef __FAST_MATH__
#error "gradlab's numbers need IEEE arithmetic: build without -ffast-math or -Ofast"
#endif

#if defined(GRADLAB_DISPATCH) && defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define KERNEL_DISPATCH 1
/* an AVX-512 and an AVX2 copy of the function besides the default (the
 * same operations in the same order: no multiply and add fused, the
 * Makefile's -ffp-contract=off and the kernels' pragmas) */
#define KERNEL_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define KERNEL_CLONES
#endif

#endif
