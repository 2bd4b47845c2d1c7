/* syncbench/gbench.h: a plain C API over google-benchmark (libbenchmark 1.7.x).
 *
 * Purpose: register C benchmark functions with google-benchmark's runner, so the suite's primitives
 * can be run under google-benchmark's own flags (--benchmark_filter, --benchmark_format=json,
 * --benchmark_out, --benchmark_repetitions, ...). Implemented by the one C++ file src/gbench.cc.
 *
 * Thread-safety:
 *  - Registration and the calls on a handle (sb_gb_register, sb_gb_arg ... sb_gb_unit),
 *    sb_gb_context_add, sb_gb_initialize and sb_gb_report_unrecognized: from one thread, before
 *    sb_gb_run_specified. sb_gb_run_specified and sb_gb_shutdown: from that same thread.
 *  - Calls on an sb_gb_state (sb_gb_keep_running ... sb_gb_set_items_processed): only from the
 *    benchmark thread that was handed that state, while its benchmark function runs.
 *
 * Memory: google-benchmark owns every registered benchmark (a handle stays valid until
 * sb_gb_shutdown); the strings passed in are copied; `arg` is the caller's and is passed back
 * untouched to every run of the function, from every benchmark thread at once.
 *
 * Errors: calls that can fail return 0 or a negative errno (-EINVAL for a bad value, -EEXIST for a
 * duplicate context key, -ENOMEM), or NULL for sb_gb_register; they check what google-benchmark
 * would otherwise abort on, and never print.
 *
 * The measured loop. A benchmark function runs its operations while sb_gb_keep_running(st) is true,
 * or in batches: `while ((n = sb_gb_keep_running_batch(st, 1024)) > 0) for (i = 0; i < n; i++) op();`.
 * Both are inline here: the shim asks google-benchmark for the run's whole iteration count in one
 * KeepRunningBatch call, so the per-iteration test is a decrement and a compare of a field of
 * sb_gb_state, the same work as google-benchmark's own State::KeepRunning, and a batch loop is a
 * plain counted loop. Measured on the project's 2-vCPU guest (Intel Xeon, median of 5; empty
 * bodies with a compiler barrier): sb_gb_keep_running 0.38 ns per iteration, the batch loop
 * 0.34 ns (syncbench-gbench's null/keep_running/empty and null/batch/empty); google-benchmark's
 * native KeepRunning 0.38 ns and range-for 0.34 ns; a call into C++ per iteration would cost
 * 1.39 ns. So sb_gb_keep_running adds about 0.04 ns per iteration to an empty loop; measured loops
 * should still use batches. The iteration count google-benchmark reports is exactly the number
 * of iterations handed out.
 * A function must loop until sb_gb_keep_running returns false (or sb_gb_keep_running_batch returns
 * 0); one that returns early is recorded as an error of that benchmark instead of aborting.
 */
#ifndef SYNCBENCH_GBENCH_H
#define SYNCBENCH_GBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One benchmark thread's view of one run. The fields are the shim's; they are visible only so that
 * the loop tests below can be inlined. Never touch them. */
typedef struct sb_gb_state {
    int64_t left_;    /* iterations handed out and not yet run */
    int64_t unrun_;   /* handed out but dropped by sb_gb_skip_with_error */
    int done_;        /* the loop has ended (google-benchmark was told) */
    int thread_index_;
    int threads_;
    int args_n_;      /* arguments each run of this benchmark has */
    void *state_;     /* benchmark::State* */
} sb_gb_state;

typedef struct sb_gb_bench sb_gb_bench;   /* a registered benchmark (opaque) */
typedef void (*sb_gb_fn)(sb_gb_state *st, void *arg);

enum sb_gb_unit { SB_GB_NS, SB_GB_US, SB_GB_MS, SB_GB_S };

/* Counter flags (google-benchmark's benchmark::Counter::Flags, OneK). */
#define SB_GB_COUNTER_DEFAULT        0u
#define SB_GB_COUNTER_RATE           (1u << 0)  /* value / elapsed seconds */
#define SB_GB_COUNTER_AVG_THREADS    (1u << 1)  /* value summed over threads / threads */
#define SB_GB_COUNTER_ITER_INVARIANT (1u << 2)  /* value * iterations */
#define SB_GB_COUNTER_AVG_ITERATIONS (1u << 3)  /* value / iterations */
#define SB_GB_COUNTER_INVERT         (1u << 4)  /* 1 / value (after the above) */
#define SB_GB_COUNTER_1024           (1u << 5)  /* print with binary (1024) prefixes */

/* --- registration (before sb_gb_run_specified) --------------------------------------------- */

/* Registers fn under `name` ("family/impl/scenario"); google-benchmark appends argument, real_time
 * and threads:N suffixes. Returns the handle, or NULL (empty name, NULL fn, out of memory). */
sb_gb_bench *sb_gb_register(const char *name, sb_gb_fn fn, void *arg);

/* Each returns 0 or -EINVAL (value out of range, or a combination google-benchmark refuses). */
int sb_gb_arg(sb_gb_bench *b, int64_t x);                     /* one run with range_arg(0) = x */
int sb_gb_range(sb_gb_bench *b, int64_t lo, int64_t hi);      /* lo, powers of 8, hi; 0 <= lo <= hi */
int sb_gb_dense_range(sb_gb_bench *b, int64_t lo, int64_t hi, int step);  /* lo, lo+step, ..hi */
int sb_gb_arg_name(sb_gb_bench *b, const char *name);         /* names appear as name:value */
int sb_gb_threads(sb_gb_bench *b, int n);                     /* one run at n threads, n >= 1 */
int sb_gb_thread_range(sb_gb_bench *b, int lo, int hi);       /* lo, doubling, and hi; 1 <= lo <= hi */
int sb_gb_use_real_time(sb_gb_bench *b);                      /* wall time decides the iterations */
int sb_gb_repetitions(sb_gb_bench *b, int n);                 /* n >= 1 */
int sb_gb_min_time(sb_gb_bench *b, double seconds);           /* seconds > 0 */
int sb_gb_unit(sb_gb_bench *b, enum sb_gb_unit unit);

/* --- inside a benchmark function (its own thread only) ------------------------------------- */

bool sb_gb__refill(sb_gb_state *st);   /* the shim's slow path: not for callers */

/* True while another iteration is due. */
static inline bool sb_gb_keep_running(sb_gb_state *st)
{
    if (__builtin_expect(st->left_ > 0, 1) || sb_gb__refill(st)) {
        st->left_--;
        return true;
    }
    return false;
}

/* How many iterations to run now, with no call between them: between 1 and n (n <= 0: all that
 * are left), or 0 when the loop is over. Never overshoots: the reported count is exact. */
static inline int64_t sb_gb_keep_running_batch(sb_gb_state *st, int64_t n)
{
    if (st->left_ <= 0 && !sb_gb__refill(st))
        return 0;
    int64_t k = (n > 0 && n < st->left_) ? n : st->left_;
    st->left_ -= k;
    return k;
}

static inline int sb_gb_thread_index(const sb_gb_state *st) { return st->thread_index_; }
static inline int sb_gb_threads_count(const sb_gb_state *st) { return st->threads_; }

/* Compiler barriers for loops whose body would otherwise be optimised away. */
static inline void sb_gb_clobber_memory(void) { __asm__ __volatile__("" ::: "memory"); }
#define SB_GB_DO_NOT_OPTIMIZE(x) __asm__ __volatile__("" : : "r,m"(x) : "memory")

/* The i-th argument of this run (from sb_gb_arg / sb_gb_range ...), or 0 if there is none. */
int64_t sb_gb_range_arg(const sb_gb_state *st, size_t i);
/* Iterations run so far by this thread (all of them once the loop is over). */
int64_t sb_gb_iterations(const sb_gb_state *st);
/* Sets user counter `name` (copied) of this thread; threads' values are summed unless the flags say
 * otherwise. Returns 0 or -EINVAL. Allocates: call it outside the measured loop. */
int sb_gb_counter_set(sb_gb_state *st, const char *name, double value, unsigned flags);
void sb_gb_set_items_processed(sb_gb_state *st, int64_t items);
/* Marks the run failed with msg (copied); the loop ends at its next test. */
void sb_gb_skip_with_error(sb_gb_state *st, const char *msg);
/* Stops and restarts this thread's timer (costly: outside tight loops). */
void sb_gb_pause_timing(sb_gb_state *st);
void sb_gb_resume_timing(sb_gb_state *st);

/* --- the program ---------------------------------------------------------------------------- */

/* Adds key=value to the "context" of the report (google-benchmark's AddCustomContext).
 * Returns 0, -EINVAL (NULL), or -EEXIST (key already present). */
int sb_gb_context_add(const char *key, const char *value);
/* Consumes google-benchmark's --benchmark_* flags from argc/argv. google-benchmark itself prints
 * the help and exits on --help or on a malformed flag value. Returns 0. */
int sb_gb_initialize(int *argc, char **argv);
/* Prints every argument left after sb_gb_initialize as unrecognised (stderr); returns how many. */
int sb_gb_report_unrecognized(int argc, char **argv);
/* Runs the benchmarks selected by --benchmark_filter; returns how many ran. */
size_t sb_gb_run_specified(void);
/* Frees the registered benchmarks and the context; every handle becomes invalid. */
void sb_gb_shutdown(void);

#ifdef __cplusplus
}
#endif

#endif
