/* bench/registry.c: the table of families, generated from bench/family_list.h. */
#include "bench/family_list.h"
#include "syncbench/case.h"

#include <stdio.h>

#define DECL(F) extern const sb_family sb_family_##F;
SB_FAMILIES(DECL)
#undef DECL

#define REF(F) &sb_family_##F,
const sb_family *const sb_families[] = { SB_FAMILIES(REF) };
#undef REF
const size_t sb_nfamilies = sizeof sb_families / sizeof sb_families[0];

void sb_case_name(const sb_case *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/%s", c->family, c->impl, c->scenario);
}
