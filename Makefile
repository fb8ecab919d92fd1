# luoshi — GNU make + pkg-config.  Targets:
#   make          build ./luoshi (web UI compiled in)
#   make check    every test (release and ASan+UBSan builds, browser tests);
#                 ends with "N passed, N failed"
#   make demo     install missing packages, build, create demo.db, serve it
#   make bench    benchmarks (figures go to bench/RESULTS.md by hand)
#   make asan     build ./build-asan/luoshi
#   make web      rebuild web/dist only
#   make fmt      clang-format every C file
#   make clean
include mk/sources.mk
include mk/flags.mk

.DEFAULT_GOAL := all
.PHONY: all check demo bench asan web fmt clean check-layers unit-bins

GEN := build/gen
WEB_FILES = $(shell find web/dist -type f ! -name '*.gz' ! -name '*.br' 2>/dev/null | sort)

all: luoshi

# ---- generated sources ----------------------------------------------------
build/tools/mkassets: tools/mkassets.c
	@mkdir -p $(@D)
	$(CC) -O2 -Wall -Wextra -Werror -o $@ $< -lcrypto -lz

$(GEN)/version.h: FORCE
	@mkdir -p $(@D)
	@tools/mkversion.sh $@
FORCE:

ifeq ($(NO_WEB),)
ifneq ($(wildcard web/package.json),)
web/dist/index.html: web/package.json web/package-lock.json web/index.html web/vite.config.js $(shell find web/src web/public -type f 2>/dev/null)
	@command -v npm >/dev/null || { echo "npm is missing: run scripts/deps.sh"; exit 1; }
	cd web && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } && npm run build --silent
	@touch $@
WEB_DEP := web/dist/index.html
else
WEB_DEP :=
endif
else
WEB_DEP :=
endif
web: $(WEB_DEP)

$(GEN)/web_assets.c: build/tools/mkassets $(WEB_DEP)
	@mkdir -p $(@D)
	build/tools/mkassets $@ web_assets web/dist/ $(WEB_FILES)

$(GEN)/sql_assets.c: build/tools/mkassets $(MIGRATIONS)
	@mkdir -p $(@D)
	build/tools/mkassets $@ sql_assets src/store/migrations/ $(MIGRATIONS)

$(GEN)/doc_assets.c: build/tools/mkassets $(DOCS_EMBED)
	@mkdir -p $(@D)
	build/tools/mkassets $@ doc_assets docs/api/ $(DOCS_EMBED)

GEN_SRC := $(GEN)/web_assets.c $(GEN)/sql_assets.c $(GEN)/doc_assets.c

# ---- objects ---------------------------------------------------------------
OBJ_REL  := $(patsubst %.c,build/obj/%.o,$(SRC_LIB)) \
            $(patsubst $(GEN)/%.c,build/obj/gen/%.o,$(GEN_SRC))
OBJ_ASAN := $(patsubst %.c,build-asan/obj/%.o,$(SRC_LIB)) \
            $(patsubst $(GEN)/%.c,build-asan/obj/gen/%.o,$(GEN_SRC))

build/obj/%.o: %.c $(GEN)/version.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_REL) -MMD -MP -c -o $@ $<
build/obj/gen/%.o: $(GEN)/%.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) -O0 -Isrc -c -o $@ $<
build-asan/obj/%.o: %.c $(GEN)/version.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) -MMD -MP -c -o $@ $<
build-asan/obj/gen/%.o: $(GEN)/%.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) -O0 -Isrc -c -o $@ $<

-include $(shell find build/obj build-asan/obj -name '*.d' 2>/dev/null)

build/lib.a: $(OBJ_REL)
	@rm -f $@
	ar rcs $@ $^
build-asan/lib.a: $(OBJ_ASAN)
	@rm -f $@
	ar rcs $@ $^

luoshi: build/obj/src/main.o build/lib.a
	$(CC) -o $@ $^ $(PKG_LIBS)

asan: build-asan/luoshi
build-asan/luoshi: build-asan/obj/src/main.o build-asan/lib.a
	$(CC) $(LDFLAGS_ASAN) -o $@ $^ $(PKG_LIBS)

# ---- tests -----------------------------------------------------------------
# One binary per test file: build/tests/<dir>_<name>, linked against the
# program's objects (all but main.o) and tests/lib.
test_bin = $(foreach t,$(1),$(2)/tests/$(subst /,_,$(patsubst tests/%.c,%,$(t))))
UNIT_REL  := $(call test_bin,$(UNIT_TESTS) $(API_TESTS),build)
UNIT_ASAN := $(call test_bin,$(UNIT_TESTS) $(API_TESTS),build-asan)
TLIB_REL  := $(patsubst %.c,build/obj/%.o,$(TEST_LIB))
TLIB_ASAN := $(patsubst %.c,build-asan/obj/%.o,$(TEST_LIB))

define test_rule
build/tests/$(subst /,_,$(patsubst tests/%.c,%,$(1))): build/obj/$(1:.c=.o) $(TLIB_REL) build/lib.a
	@mkdir -p $$(@D)
	$$(CC) -o $$@ $$^ $$(PKG_LIBS) $$(CMOCKA_LIBS)
build-asan/tests/$(subst /,_,$(patsubst tests/%.c,%,$(1))): build-asan/obj/$(1:.c=.o) $(TLIB_ASAN) build-asan/lib.a
	@mkdir -p $$(@D)
	$$(CC) $$(LDFLAGS_ASAN) -o $$@ $$^ $$(PKG_LIBS) $$(CMOCKA_LIBS)
endef
$(foreach t,$(UNIT_TESTS) $(API_TESTS),$(eval $(call test_rule,$(t))))

unit-bins: $(UNIT_REL) $(UNIT_ASAN)

check: luoshi build-asan/luoshi unit-bins check-layers
	@tests/run.sh

check-layers:
	@tools/checklayers.sh
	@tools/checkroutes.sh

# ---- demo, bench -----------------------------------------------------------
demo:
	@scripts/deps.sh
	@$(MAKE) --no-print-directory luoshi
	@scripts/demo.sh

bench: luoshi build/bench/writer_bench build/bench/people_bench
	@bench/run.sh

build/bench/writer_bench: bench/writer_bench.c build/lib.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_REL) -o $@ $^ $(PKG_LIBS)

build/bench/people_bench: bench/people_bench.c build/lib.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_REL) -o $@ $^ $(PKG_LIBS)

fmt:
	clang-format -i $(SRC_ALL) $(shell find src tests tools bench -name '*.[ch]')

clean:
	rm -rf build build-asan luoshi
