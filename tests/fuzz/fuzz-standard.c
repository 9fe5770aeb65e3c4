/*
 * fuzz-standard.c: fuzz target for the standard loader and editor.
 *
 * Every input is loaded as a standard document. An input that starts with
 * '/' or '#' is also read as an edit "POINTER\nVALUE[\nPROVENANCE]" and
 * applied to a small valid document, which exercises the JSON pointer
 * walk, the provenance marking and the re-validation. The accessors are
 * run over whatever loads.
 */
#include <stdint.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "core/standard.h"

static const char BASE[] =
	"{\"format\": \"aitcert-standard/1\", \"revision\": 1, \"code\": \"9-99-99-99\","
	" \"name\": {\"zh\": \"测试\", \"en\": \"Test\"}, \"edition\": \"2024\","
	" \"issuers\": [{\"zh\": \"部\", \"en\": \"Ministry\"}], \"provenance\": \"confirmed\","
	" \"basic\": [{\"code\": \"B1\", \"name\": {\"zh\": \"职业道德\", \"en\": \"Ethics\"}, \"provenance\": \"confirmed\","
	"   \"contents\": [{\"code\": \"B1.1\", \"name\": {\"zh\": \"守则\", \"en\": \"Code\"}, \"provenance\": \"confirmed\"}]}],"
	" \"levels\": [{\"code\": 5, \"name\": {\"zh\": \"五级\", \"en\": \"Level 5\"}, \"training_hours\": 60, \"provenance\": \"confirmed\","
	"   \"eligibility\": [{\"route\": \"1\", \"text\": {\"zh\": \"一年\", \"en\": \"One year\"}, \"years\": 1, \"provenance\": \"confirmed\"}],"
	"   \"parts\": [{\"part\": \"theory\", \"min_minutes\": 90, \"provenance\": \"secondary\"}],"
	"   \"functions\": [{\"code\": \"1\", \"name\": {\"zh\": \"采集\", \"en\": \"Collect\"}, \"provenance\": \"confirmed\","
	"     \"contents\": [{\"code\": \"1.1\", \"name\": {\"zh\": \"采集数据\", \"en\": \"Collect data\"}, \"provenance\": \"confirmed\","
	"       \"skills\": [{\"code\": \"1.1.1\", \"text\": {\"zh\": \"能采集\", \"en\": \"Can collect\"}, \"provenance\": \"confirmed\"}]}]}],"
	"   \"theory_weights\": [{\"function\": \"B1\", \"percent\": 10, \"provenance\": \"provisional\"},"
	"                      {\"function\": \"1\", \"percent\": 90, \"provenance\": \"provisional\"}],"
	"   \"skill_weights\": [{\"function\": \"1\", \"percent\": 100, \"provenance\": \"provisional\"}],"
	"   \"papers\": [{\"name\": \"demo\", \"label\": {\"zh\": \"演示\", \"en\": \"Demo\"}, \"part\": \"theory\", \"provenance\": \"provisional\","
	"     \"sections\": [{\"type\": \"judge\", \"count\": 50, \"points\": 2, \"provenance\": \"provisional\"}]}]}],"
	" \"assessment\": {\"parts\": [{\"part\": \"theory\", \"name\": {\"zh\": \"理论\", \"en\": \"Theory\"}, \"max_score\": 100, \"pass_mark\": 60, \"provenance\": \"secondary\"}],"
	"   \"staffing\": {\"proctors\": {\"candidates_per_staff\": 15, \"provenance\": \"provisional\"},"
	"     \"raters\": {\"min\": 3, \"odd\": true, \"provenance\": \"provisional\"},"
	"     \"committee\": {\"min\": 3, \"odd\": true, \"provenance\": \"provisional\"}}},"
	" \"certificate\": {\"kind\": {\"zh\": \"证书\", \"en\": \"Certificate\"}, \"provenance\": \"secondary\","
	"   \"number\": {\"length\": 1, \"provenance\": \"secondary\","
	"     \"fields\": [{\"name\": \"level\", \"label\": {\"zh\": \"等级\", \"en\": \"Level\"}, \"start\": 1, \"length\": 1, \"chars\": \"digits\"}]}}}";

/* Touches what a loaded standard offers, so the sanitizers see every pointer. */
static void walk(const struct standard *s)
{
	for (size_t i = 0; i < s->n_levels; i++) {
		const struct std_level *lv = &s->levels[i];
		(void)standard_level(s, lv->code);
		for (size_t j = 0; j < lv->n_functions; j++) {
			(void)standard_function_name(s, lv->code, lv->functions[j].code, "en");
			for (size_t k = 0; k < lv->functions[j].n_contents; k++)
				(void)standard_content(s, lv, lv->functions[j].contents[k].code);
		}
		for (int t = 0; t < STD_TABLE_MAX; t++)
			for (size_t j = 0; j < lv->n_weights[t]; j++)
				(void)standard_weight(lv, (enum std_table)t, lv->weights[t][j].function);
		for (size_t j = 0; j < lv->n_papers; j++)
			(void)standard_paper(lv, lv->papers[j].name);
		for (int p = 0; p < STD_PART_MAX; p++)
			(void)standard_min_minutes(lv, (enum std_part)p);
	}
	(void)standard_staff_needed(&s->raters, 17, 2);
	(void)standard_cert_field(s, "level");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	if (!a)
		return 0;
	struct diags d;
	diags_init(&d, a);
	const struct standard *s = standard_load(a, (const char *)data, size, &d);
	if (s)
		walk(s);

	if (size > 0 && (data[0] == '/' || data[0] == '#') && size < 65536) {
		/* "POINTER\nVALUE[\nPROVENANCE]"; a leading '#' stands for the empty pointer. */
		char *in = arena_strndup(a, (const char *)data, size);
		if (in && strlen(in) == size) {
			char *value = strchr(in, '\n');
			if (value) {
				*value++ = '\0';
				char *prov = strchr(value, '\n');
				if (prov)
					*prov++ = '\0';
				const char *pointer = in[0] == '#' ? "" : in;
				char *out = NULL;
				diags_init(&d, a);
				if (standard_edit(a, BASE, strlen(BASE), pointer, value, prov, prov ? "[S1]" : NULL, &out, &d) == 0) {
					diags_init(&d, a);
					s = standard_load(a, out, strlen(out), &d);
					if (s)
						walk(s);
				}
			}
		}
	}
	arena_free(a);
	return 0;
}
