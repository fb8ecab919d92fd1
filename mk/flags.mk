# flags.mk — compiler and linker flags; libraries come from pkg-config.
PKGS     := libmicrohttpd jansson sqlite3 libargon2 openssl icu-uc icu-i18n zlib xlsxwriter libzip expat friso libcmark
CC       ?= cc
CSTD     := -std=c11 -D_GNU_SOURCE
WARN     := -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
INCLUDES := -Isrc -Ibuild/gen -Itests/lib
CFLAGS_REL  := $(CSTD) $(WARN) -O2 -g $(INCLUDES) $(PKG_CFLAGS)
CFLAGS_ASAN := $(CSTD) $(WARN) -O1 -g -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=undefined \
               $(INCLUDES) $(PKG_CFLAGS)
LDFLAGS_ASAN := -fsanitize=address,undefined
