/*
 * fuzz-task.c: the task-package readers: a JSON manifest or a .tar.gz
 * package (task_load picks by the gzip magic), validated strictly. A
 * package that is accepted must survive task_package_write and a second
 * read unchanged: same manifest, same asset bytes in the same order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "grade/task.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (!a)
		return 0;
	struct diags d;
	diags_init(&d, a);
	json_t *m = NULL;
	struct task_assets as = {NULL, 0};
	if (task_load(a, data, size, &m, &as, &d) == 0 && as.n == json_array_size(json_object_get(m, "assets"))) {
		struct buf b;
		buf_init(&b, a);
		if (task_package_write(&b, m, &as) != 0 || b.failed)
			abort();
		json_t *m2 = NULL;
		struct task_assets as2 = {NULL, 0};
		struct diags d2;
		diags_init(&d2, a);
		if (task_package_read(a, b.data, b.len, &m2, &as2, &d2) != 0 || !json_equal(m, m2) || as2.n != as.n)
			abort();
		for (size_t i = 0; i < as.n; i++)
			if (strcmp(as.v[i].name, as2.v[i].name) != 0 || as.v[i].len != as2.v[i].len ||
			    (as.v[i].len && memcmp(as.v[i].data, as2.v[i].data, as.v[i].len) != 0))
				abort();
	}
	arena_free(a);
	return 0;
}
