/* bench/family.h: what every family file includes: the case table types, the harness and the
 * inline helpers a measured loop uses. */
#ifndef SB_BENCH_FAMILY_H
#define SB_BENCH_FAMILY_H
#include "syncbench/case.h"
#include "syncbench/clock.h"
#include "syncbench/harness.h"
#include "syncbench/hist.h"
#include "syncbench/spin.h"

/* The measured loop of every steady-state scenario, written once.
 *   OP         one operation (a statement): the primitive, inlined
 *   THINK      what follows every operation (the --think busy loop, or nothing)
 *   AT_WINDOW  runs once when the window opens, after the warm-up (e.g. reset per-window counts)
 * OP runs until the window opens (warm-up), then through the window in bursts: one operation timed
 * on the shared clock, then sample_mask operations with nothing else around them, then a look at
 * the phase flag. The harness picks sample_mask + 1 (a power of two) so that a burst lasts about
 * 100 clock reads (a few microseconds here): sampling costs < 2% and the window's end is seen
 * within a burst. Keeping the flag load and the sampling test out of the inner loop leaves it as
 * lean as google-benchmark's (see the README's cross-check). w->ops counts the window's
 * operations. */
#define SB_MEASURE_LOOP(w, OP, THINK, AT_WINDOW)                                                   \
	do {                                                                                       \
		const _Atomic int *sb_phase_ = &(w)->team->phase;                                  \
		uint64_t sb_n_ = 0;                                                                \
		while (sb_phase(sb_phase_) == SB_PHASE_WARMUP) {                                   \
			OP;                                                                        \
			THINK;                                                                     \
			sb_n_++;                                                                   \
		}                                                                                  \
		sb_worker_window_begin((w), sb_n_);                                                \
		AT_WINDOW;                                                                         \
		const uint64_t sb_burst_ = (w)->sample_mask;                                       \
		sb_n_ = 0;                                                                         \
		while (sb_phase(sb_phase_) == SB_PHASE_MEASURE) {                                  \
			uint64_t sb_t0_ = sb_now_ns();                                             \
			OP;                                                                        \
			sb_worker_sample((w), sb_t0_, sb_now_ns());                                \
			THINK;                                                                     \
			for (uint64_t sb_i_ = sb_burst_; sb_i_; sb_i_--) {                         \
				OP;                                                                \
				THINK;                                                             \
			}                                                                          \
			sb_n_ += sb_burst_ + 1;                                                    \
		}                                                                                  \
		sb_worker_window_end((w), sb_n_);                                                  \
	} while (0)

/* The four instantiations of PREFIX_loop_NAME(w, has_cs, has_think) (with and without the
 * --cs and --think busy loops, so that a delay of 0 runs no delay code at all) and
 * PREFIX_pick_NAME, which chooses one by the case's parameters. */
#define SB_DELAY_VARIANTS(PREFIX, NAME)                                                            \
	static void PREFIX##_w00_##NAME(sb_worker *w) { PREFIX##_loop_##NAME(w, 0, 0); }           \
	static void PREFIX##_w10_##NAME(sb_worker *w) { PREFIX##_loop_##NAME(w, 1, 0); }           \
	static void PREFIX##_w01_##NAME(sb_worker *w) { PREFIX##_loop_##NAME(w, 0, 1); }           \
	static void PREFIX##_w11_##NAME(sb_worker *w) { PREFIX##_loop_##NAME(w, 1, 1); }           \
	static sb_worker_fn PREFIX##_pick_##NAME(const sb_case_params *p)                          \
	{                                                                                          \
		static const sb_worker_fn v[4] = { PREFIX##_w00_##NAME, PREFIX##_w10_##NAME,       \
						   PREFIX##_w01_##NAME, PREFIX##_w11_##NAME };     \
		return v[(p->cs_iters ? 1 : 0) + (p->think_iters ? 2 : 0)];                        \
	}

#endif
