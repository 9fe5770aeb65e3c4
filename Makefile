# aitcert: build, run and test. Two commands matter:
#   make run     install missing Debian packages, build, create var/aitcert.db, serve on :8080
#   make check   build under ASan+UBSan and run every test (unit, fuzz replay, API, browser)
# Sources are found by wildcard: a new src/**/*.c or tests/unit/test-*.c needs no Makefile edit.

CC      ?= cc
CSTD    := -std=c17
WARN    := -Wall -Wextra -Werror -Wshadow -Wvla -Wformat=2 -Wno-unused-parameter
CPPFLAGS+= -Isrc -D_GNU_SOURCE
LIBS    := -lmicrohttpd -ljansson -lsodium -lsqlite3 -lcsv -lglpk -larchive -lm -lpthread
SAN     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

PORT ?= 8080
DB   ?= var/aitcert.db

SRC      := $(sort $(wildcard src/*/*.c))
LIB_SRC  := $(filter-out src/cli/main.c,$(SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz-%.c,%,$(FUZZ_SRC))

REL_OBJ := $(patsubst %.c,build/rel/%.o,$(LIB_SRC))
SAN_OBJ := $(patsubst %.c,build/san/%.o,$(LIB_SRC))

.PHONY: all build run deps check check-deps unit fuzz-replay api-test browser-test fuzz bench clean init format

all: build
build: build/aitcert

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -g $(CPPFLAGS) -MMD -MP -c $< -o $@

build/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O1 -g $(SAN) $(CPPFLAGS) -Itests/unit -MMD -MP -c $< -o $@

build/aitcert: build/rel/src/cli/main.o $(REL_OBJ)
	$(CC) -o $@ $^ $(LIBS)

build/san/aitcert: build/san/src/cli/main.o $(SAN_OBJ)
	$(CC) $(SAN) -o $@ $^ $(LIBS)

build/san/unit-tests: $(patsubst %.c,build/san/%.o,$(UNIT_SRC)) $(SAN_OBJ)
	$(CC) $(SAN) -o $@ $^ $(LIBS)

build/san/fuzz-%: build/san/tests/fuzz/fuzz-%.o build/san/tests/fuzz/replay.o $(SAN_OBJ)
	$(CC) $(SAN) -o $@ $^ $(LIBS)

-include $(shell find build -name '*.d' 2>/dev/null)

# --- set-up -------------------------------------------------------------------
deps:
	@tools/deps.sh run

check-deps:
	@tools/deps.sh check

init: build
	@mkdir -p $(dir $(DB))
	@if [ ! -f "$(DB)" ]; then build/aitcert init --db "$(DB)"; fi

run: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory init
	build/aitcert serve --db "$(DB)" --listen 127.0.0.1:$(PORT)

# --- tests --------------------------------------------------------------------
check: check-deps
	@$(MAKE) --no-print-directory build build/san/aitcert build/san/unit-tests $(addprefix build/san/fuzz-,$(FUZZ_NAMES))
	@tools/check.sh

unit: build/san/unit-tests
	ASAN_OPTIONS=detect_leaks=1 build/san/unit-tests

fuzz-replay: $(addprefix build/san/fuzz-,$(FUZZ_NAMES))
	@tools/fuzz-replay.sh $(FUZZ_NAMES)

# libFuzzer builds (clang), for finding new inputs: make fuzz NAME=gift SECONDS=60
fuzz:
	@tools/fuzz-run.sh $(NAME) $(SECONDS)

bench: build
	@tools/bench.sh

format:
	clang-format -i $(SRC) $(wildcard src/*/*.h)

clean:
	rm -rf build
