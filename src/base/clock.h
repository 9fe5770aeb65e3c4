/*
 * clock.h: the one source of time. Wall-clock seconds and milliseconds for
 * records and deadlines. A test server (serve --test-clock) may shift the
 * clock forward to exercise deadlines; production never does.
 */
#ifndef AITCERT_CLOCK_H
#define AITCERT_CLOCK_H

long long now_s(void);
long long now_ms(void);
/* Adds seconds to every later reading (tests only). */
void clock_shift(long long seconds);

#endif
