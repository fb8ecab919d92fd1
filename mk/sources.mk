# sources.mk — the one place that says which C files make up luoshi.
# Every .c under src/ belongs to the program; main.c is left out of the
# objects tests link against.  (A wildcard instead of a hand list: helpers
# and features add files without touching the build.)
SRC_ALL   := $(sort $(wildcard src/*.c src/*/*.c src/*/*/*.c))
SRC_MAIN  := src/main.c
SRC_LIB   := $(filter-out $(SRC_MAIN),$(SRC_ALL))
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
DOCS_EMBED := $(wildcard docs/api/openapi.yaml)
UNIT_TESTS := $(sort $(wildcard tests/unit/*/test_*.c))
API_TESTS  := $(sort $(wildcard tests/api/test_*.c tests/authz/test_*.c))
TEST_LIB   := $(sort $(wildcard tests/lib/*.c))
