/* clock.c: wall-clock readings with an optional test offset. */
#include "base/clock.h"

#include <stdatomic.h>
#include <time.h>

static _Atomic long long offset_s;

long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&offset_s) * 1000;
}

long long now_s(void)
{
	return now_ms() / 1000;
}

void clock_shift(long long seconds)
{
	atomic_fetch_add(&offset_s, seconds);
}
