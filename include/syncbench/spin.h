/* syncbench/spin.h: CPU relax hint and calibrated busy loops.
 *
 * sb_cpu_relax() is the spin-wait hint (x86 PAUSE, arm64 YIELD). sb_spin(n) runs n iterations of a
 * loop the compiler cannot remove; it touches no memory, so a critical section made of it contends
 * only on the lock. sb_spin_calibrate() measures ns per iteration once per run; --cs/--think
 * lengths are converted to iterations with sb_spin_iters(). All calls are thread-safe (no state).
 */
#ifndef SYNCBENCH_SPIN_H
#define SYNCBENCH_SPIN_H

#include <stdint.h>

static inline void sb_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield" ::: "memory");
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

/* n iterations of an empty loop (the --cs/--think busy loop). Deliberately one out-of-line copy,
 * aligned to a cache line: inlined into every measured loop, the same loop ran at one iteration
 * per cycle in some instantiations and at two in others (code alignment), so a calibrated 200 ns
 * became 400 ns in some cases and not in others. One copy runs at the speed it was calibrated
 * at; the call costs the same in the calibration and in the loop. */
void sb_spin(uint64_t n);

typedef struct sb_spin_cal {
	double ns_per_iter;     /* median over several timed batches of a long loop */
	double fixed_ns;        /* what one short call costs beyond its iterations (call, loop exit) */
} sb_spin_cal;

/* Measure ns per iteration of sb_spin on the calling thread (takes about 20 ms). 0 or -errno. */
int sb_spin_calibrate(sb_spin_cal *cal);
/* Iterations for a delay of ns nanoseconds, the fixed cost of a call taken off (0 for 0 ns, at
 * least 1 otherwise). */
uint64_t sb_spin_iters(const sb_spin_cal *cal, uint64_t ns);
/* Measured length in ns of one sb_spin(iters) call (median of repeated timings). */
double sb_spin_measure(uint64_t iters);

#endif
