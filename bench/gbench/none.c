/* bench/gbench/none.c: the families of bench/family_list.h that have no google-benchmark cases,
 * each said so here, by a register function that registers nothing. main registers every family
 * of the list; a family added there with neither cases (bench/gbench/FAMILY.c) nor a line here
 * fails to link, so none is left out without a word.
 * Neither has an `uncontended` scenario in the suite (the one scenario the google-benchmark side
 * mirrors and `make crosscheck` compares), and no google-benchmark case has been written for them:
 *   thread  the suite's thread/IMPL/lifecycle (create + join) and thread/IMPL/handoff
 *   tls     the suite's tls/IMPL/read and tls/IMPL/write
 */
#include "gbench_cases.h"

#define GB_NO_CASES(F)                                                                             \
	int sb_gbench_##F##_register(const sb_gbench_opts *o, char *err, size_t len)               \
	{                                                                                          \
		(void)o, (void)err, (void)len;                                                     \
		return 0;                                                                          \
	}
GB_NO_CASES(thread)
GB_NO_CASES(tls)
