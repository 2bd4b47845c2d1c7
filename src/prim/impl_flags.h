/* prim/impl_flags.h: the named flags of every family's implementation list, X(NAME, FLAGS).
 * A family's list may use any of them; the family file turns them into its case rows. */
#ifndef SB_PRIM_IMPL_FLAGS_H
#define SB_PRIM_IMPL_FLAGS_H

enum {
	SB_IMPL_HIDDEN = 1u << 0,       /* a negative control: selected only with --negative-controls */
	SB_IMPL_SPINS = 1u << 1,        /* never blocks: a worker off its CPU is flagged `preempted` */
	SB_IMPL_NO_EXCLUSION = 1u << 2, /* does not exclude (the null lock): checked per thread */
	SB_IMPL_NEEDS_RCU = 1u << 3,    /* its threads must register with liburcu */
	SB_IMPL_BASELINE = 1u << 4,     /* no primitive at all (the null lock): the harness's own cost */
};

#endif
