/* bench/registry.c: the table of families, generated from bench/family_list.h. */
#include "bench/family_list.h"
#include "syncbench/case.h"

#define DECL(F) extern const sb_family sb_family_##F;
SB_FAMILIES(DECL)
#undef DECL

#define REF(F) &sb_family_##F,
const sb_family *const sb_families[] = { SB_FAMILIES(REF) };
#undef REF
const size_t sb_nfamilies = sizeof sb_families / sizeof sb_families[0];
