/* bench/family.h: what every family file includes: the case table types, the harness and the
 * inline helpers a measured loop uses. */
#ifndef SB_BENCH_FAMILY_H
#define SB_BENCH_FAMILY_H
#include "syncbench/case.h"
#include "syncbench/clock.h"
#include "syncbench/harness.h"
#include "syncbench/hist.h"
#include "syncbench/spin.h"
#endif
