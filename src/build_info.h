/* build_info.h: how this binary was built, generated into $(BUILD)/build_info.c by
 * scripts/build_info.sh on every make run (so a new commit or an edited file shows at once).
 * Read-only constants; the empty string where the build could not tell. */
#ifndef SYNCBENCH_BUILD_INFO_H
#define SYNCBENCH_BUILD_INFO_H

extern const char sb_build_commit[];            /* git rev-parse --short=12 HEAD, or "unknown" */
extern const int sb_build_dirty;                /* 1: the tree had uncommitted changes */
extern const char sb_build_cc[];                /* first line of $(CC) --version */
extern const char sb_build_cflags[];            /* the compiler flags the build used */
extern const char sb_build_ldflags[];           /* the link flags and libraries */
extern const char sb_build_urcu_version[];      /* pkg-config --modversion liburcu */
extern const char sb_build_benchmark_version[]; /* pkg-config --modversion benchmark */

#endif
