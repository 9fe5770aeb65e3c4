/* score.c: item and part scoring (rules in score.h). */
#include "core/score.h"

#include <ctype.h>
#include <string.h>

#include "base/arena.h"

/* Decodes one UTF-8 sequence; returns its length (1 for invalid bytes, taken as is). */
static int utf8_next(const unsigned char *s, unsigned *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x0f) << 12) | ((unsigned)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		return 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80) {
		*cp = ((unsigned)(s[0] & 0x07) << 18) | ((unsigned)(s[1] & 0x3f) << 12) |
		      ((unsigned)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
		return 4;
	}
	*cp = 0xfffd;
	return 1;
}

char *fill_normalize(struct arena *a, const char *s)
{
	if (!s)
		return arena_strdup(a, "");
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned cp;
		int len = utf8_next(p, &cp);
		if (cp >= 0xff01 && cp <= 0xff5e) { /* full-width ASCII forms */
			cp -= 0xfee0;
		} else if (cp == 0x3000) {
			cp = ' ';
		}
		if (cp < 0x80) {
			if (!isspace((int)cp))
				out[k++] = (char)tolower((int)cp);
		} else {
			memcpy(out + k, p, (size_t)len);
			k += (size_t)len;
		}
		p += len;
	}
	out[k] = '\0';
	return out;
}

/* Canonical letters of a choice response: sorted, distinct, upper-case; NULL if not letters. */
static const char *letters(struct arena *a, const char *r)
{
	return item_answer_canonical(a, ITEM_MULTI, r);
}

double score_item(struct arena *a, enum item_type type, const char *key, bool partial_credit, const char *response,
		  double points)
{
	if (!response || !*response || !key)
		return 0;
	switch (type) {
	case ITEM_JUDGE: {
		const char *c = item_answer_canonical(a, ITEM_JUDGE, response);
		return c && strcmp(c, key) == 0 ? points : 0;
	}
	case ITEM_SINGLE: {
		const char *c = letters(a, response);
		return c && strcmp(c, key) == 0 ? points : 0;
	}
	case ITEM_MULTI: {
		const char *c = letters(a, response);
		if (!c)
			return 0;
		if (strcmp(c, key) == 0)
			return points;
		if (!partial_credit)
			return 0;
		int hit = 0;
		for (const char *p = c; *p; p++) {
			if (!strchr(key, *p))
				return 0; /* a wrong option chosen */
			hit++;
		}
		return points * hit / (double)strlen(key);
	}
	case ITEM_FILL: {
		const char *r = fill_normalize(a, response);
		if (!r || !*r)
			return 0;
		const char *p = key;
		while (*p) {
			const char *bar = strchr(p, '|');
			size_t len = bar ? (size_t)(bar - p) : strlen(p);
			char *alt = fill_normalize(a, arena_strndup(a, p, len));
			if (alt && *alt && strcmp(alt, r) == 0)
				return points;
			if (!bar)
				break;
			p = bar + 1;
		}
		return 0;
	}
	default:
		return 0;
	}
}

double score_percent(double earned, double total)
{
	return total > 0 ? earned / total * 100.0 : 0;
}

bool score_passed(double percent, double pass_mark)
{
	return percent + 1e-9 >= pass_mark;
}
