/*
 * fuzz-gift.c: fuzz target for the GIFT reader and writer, with the
 * round-trip checks of item-roundtrip.h. The fuzzer's input is read with
 * defaults for the metadata; written files say everything themselves and
 * are read without.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/gift.h"
#include "item-roundtrip.h"

static int gift_parse_codec(struct arena *a, const char *data, size_t len, bool written, struct item_list *out,
			    struct diags *d)
{
	static const struct gift_defaults def = {
		.level = 5, .function = "2", .content = "2.1", .difficulty = 3, .id_prefix = "FZ-"};
	return gift_parse(a, data, len, written ? NULL : &def, out, d);
}

/* Fill alternatives as GIFT keeps them: trimmed, non-empty, no "->" (that reads as matching). */
static const char *gift_fill_answer(struct arena *a, const char *raw)
{
	struct buf ans;
	buf_init(&ans, a);
	if (!strstr(raw, "->")) {
		for (const char *p = raw; *p;) {
			const char *e = strchr(p, '|');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			const char *alt = norm(a, p, len);
			if (alt && *alt) {
				if (ans.len)
					buf_append(&ans, "|", 1);
				buf_puts(&ans, alt);
			}
			p += len + (e ? 1 : 0);
		}
	}
	return ans.len && !ans.failed ? ans.data : "x";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct item_codec gift = {gift_write, gift_parse_codec, gift_fill_answer};
	return roundtrip_fuzz(&gift, data, size);
}
