/* prim/futex.h: thin wrappers over the Linux futex system call (private futexes).
 * sb_futex_wait returns 0 when woken (or the value had changed: EAGAIN), -ETIMEDOUT on timeout,
 * -EINTR on a signal. A NULL timeout waits forever; a timeout is relative (FUTEX_WAIT) or an
 * absolute CLOCK_MONOTONIC deadline with sb_futex_wait_abs. */
#ifndef SB_PRIM_FUTEX_H
#define SB_PRIM_FUTEX_H

#include <errno.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static inline int sb_futex_wait(atomic_uint *addr, unsigned val, const struct timespec *rel)
{
	if (syscall(SYS_futex, (unsigned *)addr, FUTEX_WAIT_PRIVATE, val, rel, NULL, 0) == 0)
		return 0;
	return errno == EAGAIN ? 0 : -errno;
}

/* Absolute deadline on CLOCK_MONOTONIC (FUTEX_WAIT_BITSET measures against it). */
static inline int sb_futex_wait_abs(atomic_uint *addr, unsigned val, const struct timespec *abs)
{
	if (syscall(SYS_futex, (unsigned *)addr, FUTEX_WAIT_BITSET_PRIVATE, val, abs, NULL,
		    FUTEX_BITSET_MATCH_ANY) == 0)
		return 0;
	return errno == EAGAIN ? 0 : -errno;
}

static inline int sb_futex_wake(atomic_uint *addr, int n)
{
	long r = syscall(SYS_futex, (unsigned *)addr, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
	return r < 0 ? -errno : (int)r;
}

#endif
