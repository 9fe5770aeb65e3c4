/*
 * rng.h: splitmix64, the one seeded generator of the code base (shuffles,
 * draws, seeding xoshiro in assembly, the classifier's shuffles). Same seed,
 * same sequence, on every platform: papers, layouts and training runs are
 * reproducible.
 */
#ifndef AITCERT_RNG_H
#define AITCERT_RNG_H

#include <stdint.h>

/* Advances *state and returns the next 64 random bits. */
static inline uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif
