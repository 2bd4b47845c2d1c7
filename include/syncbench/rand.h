/* syncbench/rand.h: the one 64-bit mixer of the suite (the SplitMix64 finalizer), for hashes,
 * checksums and seeds. Pure function, inline, thread-safe. */
#ifndef SYNCBENCH_RAND_H
#define SYNCBENCH_RAND_H

#include <stdint.h>

static inline uint64_t sb_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

#endif
