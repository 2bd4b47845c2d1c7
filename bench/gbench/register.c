/* bench/gbench/register.c: the one registration every family's uncontended case goes through. */
#include "gbench_cases.h"

#include <errno.h>
#include <stdio.h>

int sb_gbench_uncontended(const sb_gbench_opts *o, const char *family, const char *impl, int hidden,
			  sb_gb_fn fn, void *arg, const char *arg_name, const long long *vals, int nvals,
			  char *err, size_t len)
{
	char name[128];
	if (hidden && !o->negative_controls)
		return 0;
	snprintf(name, sizeof name, "%s/%s/uncontended", family, impl);
	sb_gb_bench *b = sb_gb_register(name, fn, arg);
	int bad = !b || sb_gb_use_real_time(b);
	for (int i = 0; !bad && i < nvals; i++)
		bad = sb_gb_arg(b, vals[i]) != 0;
	if (!bad && nvals > 0)
		bad = sb_gb_arg_name(b, arg_name) != 0;
	if (bad) {
		snprintf(err, len, "cannot register %s", name);
		return -EINVAL;
	}
	return 0;
}
