/* bench/family.h: what every family file includes: the case table types, the harness, the two
 * measured loops (syncbench/loop.h) and the helpers an operation uses. */
#ifndef SB_BENCH_FAMILY_H
#define SB_BENCH_FAMILY_H
#include "prim/impl_flags.h"
#include "syncbench/case.h"
#include "syncbench/clock.h"
#include "syncbench/harness.h"
#include "syncbench/hist.h"
#include "syncbench/loop.h"
#include "syncbench/spin.h"

#endif
