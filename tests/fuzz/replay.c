/*
 * replay.c: runs a fuzz target's LLVMFuzzerTestOneInput over every file
 * given on the command line (or every file in the directories given), so
 * the corpora and regression inputs replay under gcc with ASan+UBSan in
 * `make check`, without libFuzzer.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	if (fseek(f, 0, SEEK_END) != 0) {
		fclose(f);
		return -1;
	}
	long n = ftell(f);
	rewind(f);
	if (n < 0) {
		fclose(f);
		return -1;
	}
	uint8_t *buf = malloc((size_t)n + 1);
	if (!buf) {
		fclose(f);
		return -1;
	}
	size_t got = fread(buf, 1, (size_t)n, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, got);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			if (!d)
				continue;
			struct dirent *e;
			while ((e = readdir(d))) {
				if (e->d_name[0] == '.')
					continue;
				size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
				char *p = malloc(len);
				if (!p)
					return 1;
				snprintf(p, len, "%s/%s", argv[i], e->d_name);
				if (run_file(p) == 0)
					files++;
				free(p);
			}
			closedir(d);
		} else if (run_file(argv[i]) == 0) {
			files++;
		}
	}
	printf("replayed %d inputs\n", files);
	return 0;
}
