/* bench/family_list.h: every benchmark family, listed once (order = the order of `list`). */
#define SB_FAMILIES(X) \
	X(mutex)
