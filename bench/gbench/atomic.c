/* bench/gbench/atomic.c: every (operation, placement) of src/prim/atomic_list.h under
 * google-benchmark.
 *   atomic/OP_PLACEMENT/uncontended   one thread: sb_atomic_OP_inc on the placement's counter
 * With one thread the placements differ only in where the word is (a shared line, a packed
 * per-thread slot, a padded per-thread slot, a _Thread_local), so all of a kind should cost alike;
 * the suite's atomic/OP_PLACEMENT/counter at one thread runs the same operation (atomic_op_OP of
 * bench/atomic_op.h, on the same context). Check: the counter
 * (plus, for exchange, the value the thread holds) equals the iterations. */
#include "gbench_cases.h"


#include "bench/atomic_op.h"
#include "prim/atomic_list.h"

#define GB_ATOMIC_PAD 128 /* two lines, as the suite pads (adjacent-line prefetch) */

static struct {
	_Alignas(GB_ATOMIC_PAD) _Atomic uint64_t one;        /* shared */
	_Alignas(GB_ATOMIC_PAD) _Atomic uint64_t packed[8];  /* false_shared: slot 0 of a packed line */
	_Alignas(GB_ATOMIC_PAD) _Atomic uint64_t padded;     /* padded */
	_Alignas(GB_ATOMIC_PAD) char end;
} gb_atomic;
static _Thread_local _Atomic uint64_t gb_atomic_tls;

static inline _Atomic uint64_t *gb_atomic_slot_shared(void) { return &gb_atomic.one; }
static inline _Atomic uint64_t *gb_atomic_slot_false_shared(void) { return &gb_atomic.packed[0]; }
static inline _Atomic uint64_t *gb_atomic_slot_padded(void) { return &gb_atomic.padded; }
static inline _Atomic uint64_t *gb_atomic_slot_tls(void) { return &gb_atomic_tls; }

#define GB_ATOMIC_CASE(OP, PL, FLAGS)                                                              \
	static void gb_atomic_##OP##_##PL##_run(sb_gb_state *st, void *arg)                        \
	{                                                                                          \
		(void)arg;                                                                         \
		atomic_ctx c = { .counter = gb_atomic_slot_##PL(), .held = 0 };                    \
		/* the suite's loop gets the counter at run time (a register, offset 0); a constant \
		 * address would let the compiler emit different addressing (see docs/crosscheck.md) */ \
		__asm__ __volatile__("" : "+r"(c.counter));                                        \
		atomic_store_explicit(c.counter, 0, memory_order_relaxed);                         \
		SB_GB_LOOP(st, atomic_op_##OP(&c, 0));                                             \
		if (atomic_load_explicit(c.counter, memory_order_relaxed) + c.held != (uint64_t)sb_gb_iterations(st)) \
			sb_gb_skip_with_error(st, "counter != operations");                        \
	}

SB_ATOMIC_IMPLS(GB_ATOMIC_CASE)

int sb_gbench_atomic_register(const sb_gbench_opts *o, char *err, size_t len)
{
#define GB_ATOMIC_ROW(OP, PL, FLAGS)                                                               \
	{ .family = "atomic", .impl = #OP "_" #PL, .impl_flags = (FLAGS),                          \
	  .fn = gb_atomic_##OP##_##PL##_run },
	static const sb_gbench_case rows[] = { SB_ATOMIC_IMPLS(GB_ATOMIC_ROW) };
#undef GB_ATOMIC_ROW
	return sb_gbench_add(o, rows, sizeof rows / sizeof rows[0], err, len);
}
