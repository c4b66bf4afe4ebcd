# Anquan: build, run and test. `make run` and `make test` work on a fresh Debian 12 machine.
# See README.md for the configuration variables.

SHELL := /bin/bash
.DEFAULT_GOAL := help
ROOT := $(CURDIR)

CC ?= cc
PKGS := libpq jansson libjwt libcrypto libargon2 xlsxwriter zlib libqrencode
CFLAGS_BASE = -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 -g $(API_INC)
# The schema version this build expects: the number of the newest migration file.
SCHEMA_VERSION = $(shell ls db/migrations/[0-9]*.sql 2>/dev/null | sed -n '$$s|.*/0*\([0-9][0-9]*\)_.*|\1|p')
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcivetweb -lpthread -lm

# api/ has a folder per part: core (server, HTTP, router, database, configuration), auth, resource
# (the machinery every resource stands on: descriptors, lists, workflows, import/export, audit),
# and one per domain (registry, supervision, ...). Headers are included by name.
API_DIRS := $(sort $(dir $(wildcard api/*/*.c)))
API_SRC := $(wildcard api/*/*.c)
API_HDR := $(wildcard api/*/*.h)
LIB_SRC := $(filter-out api/core/main.c,$(API_SRC))
API_INC := $(addprefix -I,$(API_DIRS))
UNIT_SRC := $(wildcard tests/unit/*.c tests/unit/*/*.c)
MIGRATIONS := $(wildcard db/migrations/*.sql)

# Development cluster and server
DEV_PG_DIR := var/pg
DEV_PG_PORT ?= 54329
PORT ?= 8080
# Throwaway test cluster and server
TEST_PG_DIR := var/test/pg
TEST_PG_PORT ?= 54339
TEST_PORT ?= 18080
# Benchmark cluster and server
BENCH_PG_DIR := var/bench/pg
BENCH_PG_PORT ?= 54349
BENCH_PORT ?= 18180
# Scenario names for `make bench` (empty: all; e.g. BENCH_SCENARIOS=soak)
BENCH_SCENARIOS ?=

pg_url = postgresql://$(1)@/anquan?host=$(ROOT)/$(2)/run&port=$(3)

.PHONY: help deps build run stop test test-unit lint bench clean distclean db migrate seed fuzz fuzz-build format

help:
	@echo "make run    install what is missing, start PostgreSQL under var/, migrate, seed, serve :$(PORT)"
	@echo "make test   the same on a throwaway cluster, then every test suite"
	@echo "make stop   stop the development PostgreSQL"
	@echo "make bench  load benchmarks (wrk, pgbench) with ratios against same-run baselines"
	@echo "make fuzz   build the libFuzzer targets and run each for FUZZ_SECONDS (60)"

deps:
	@deploy/install-deps.sh

build: build/anquan-api build/openapi.json

# Objects are built one file at a time into build/obj/<variant>/, with the headers each one
# includes tracked (-MMD), so a change recompiles only what it touches. Every object waits for
# build/schema-version, which changes only when a migration is added.
OBJ := build/obj
DEPFLAGS := -MMD -MP
CFLAGS_RELEASE := $(CFLAGS_BASE) -O2
# AddressSanitizer and UndefinedBehaviorSanitizer, for the API tests and the unit tests.
CFLAGS_ASAN := $(CFLAGS_BASE) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
RELEASE_OBJ := $(patsubst api/%.c,$(OBJ)/release/%.o,$(API_SRC))
ASAN_OBJ := $(patsubst api/%.c,$(OBJ)/asan/%.o,$(API_SRC))
UNIT_OBJ := $(patsubst tests/unit/%.c,$(OBJ)/unit/%.o,$(UNIT_SRC))

.PHONY: FORCE
build/schema-version: FORCE | build/
	@echo '$(SCHEMA_VERSION)' | cmp -s - $@ || echo '$(SCHEMA_VERSION)' > $@

$(OBJ)/release/%.o: api/%.c build/schema-version
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_RELEASE) $(DEPFLAGS) -DANQUAN_SCHEMA_VERSION=$(SCHEMA_VERSION) $(PKG_CFLAGS) -c -o $@ $<

$(OBJ)/asan/%.o: api/%.c build/schema-version
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(DEPFLAGS) -DANQUAN_SCHEMA_VERSION=$(SCHEMA_VERSION) $(PKG_CFLAGS) -c -o $@ $<

$(OBJ)/unit/%.o: tests/unit/%.c build/schema-version
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ASAN) $(DEPFLAGS) -DANQUAN_SCHEMA_VERSION=$(SCHEMA_VERSION) $(PKG_CFLAGS) -c -o $@ $<

build/anquan-api: $(RELEASE_OBJ)
	$(CC) $(CFLAGS_RELEASE) -o $@ $(RELEASE_OBJ) $(PKG_LIBS)

build/anquan-api-asan: $(ASAN_OBJ)
	$(CC) $(CFLAGS_ASAN) -o $@ $(ASAN_OBJ) $(PKG_LIBS)

build/unit-tests: $(filter-out $(OBJ)/asan/core/main.o,$(ASAN_OBJ)) $(UNIT_OBJ)
	$(CC) $(CFLAGS_ASAN) -o $@ $^ $(PKG_LIBS)

-include $(RELEASE_OBJ:.o=.d) $(ASAN_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)

build/openapi.json: $(shell find openapi -type f) redocly.yaml | build/
	@npx --no-install redocly bundle openapi/openapi.yaml --ext json -o $@ >/dev/null

build/:
	@mkdir -p build

# Rewrites every C file as .clang-format says (make test fails on a file that differs).
format:
	clang-format -i $(API_SRC) $(API_HDR) $(UNIT_SRC) tests/unit/*.h tests/fuzz/*.c

lint: build/openapi.json
	npx --no-install redocly lint openapi/openapi.yaml

# --- development ---------------------------------------------------------------------------
ifdef DATABASE_URL
RUN_DB_URL := $(DATABASE_URL)
MIGRATE_URL := $(or $(MIGRATE_DATABASE_URL),$(DATABASE_URL))
db:
	@echo "Using DATABASE_URL; no local cluster is started."
else
RUN_DB_URL := $(call pg_url,anquan_app,$(DEV_PG_DIR),$(DEV_PG_PORT))
MIGRATE_URL := $(call pg_url,anquan_owner,$(DEV_PG_DIR),$(DEV_PG_PORT))
db:
	@deploy/pg.sh init $(DEV_PG_DIR) $(DEV_PG_PORT) durable
endif

migrate: db
	@MIGRATE_DATABASE_URL='$(MIGRATE_URL)' deploy/migrate.sh

seed: migrate
	@MIGRATE_DATABASE_URL='$(MIGRATE_URL)' deploy/seed.sh

run: deps build seed
	@mkdir -p var/log
	@cat db/demo/accounts.txt
	@echo "Anquan: http://127.0.0.1:$(PORT)/  (Ctrl-C stops the server; 'make stop' stops PostgreSQL)"
	@ANQUAN_LISTEN=127.0.0.1:$(PORT) DATABASE_URL='$(RUN_DB_URL)' \
	  ANQUAN_ACCESS_LOG=$${ANQUAN_ACCESS_LOG:-var/log/access.log} exec build/anquan-api

stop:
	@deploy/pg.sh stop $(DEV_PG_DIR) $(DEV_PG_PORT)

# --- tests ------------------------------------------------------------------------------------
# The packages first, then every build on all cores (objects are independent), then the suites.
test: deps
	@$(MAKE) --no-print-directory -j$$(nproc) build build/anquan-api-asan build/unit-tests fuzz-build
	@TEST_PG_DIR=$(TEST_PG_DIR) TEST_PG_PORT=$(TEST_PG_PORT) TEST_PORT=$(TEST_PORT) tests/run-all.sh

test-unit: build/unit-tests
	build/unit-tests

# --- fuzzing (libFuzzer, Debian's clang) ----------------------------------------------------------
# The api/ sources except main.c are compiled one file at a time with coverage and sanitizers
# (build/fuzz/obj/), then linked with each harness tests/fuzz/fuzz_<target>.c. tests/fuzz/run.sh
# runs them.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SAN := -O1 -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_OBJ := $(patsubst api/%.c,build/fuzz/obj/%.o,$(LIB_SRC))
FUZZ_BIN := $(patsubst %,build/fuzz/fuzz_%,$(FUZZ_TARGETS))

fuzz-build: $(FUZZ_BIN)

build/fuzz/obj/%.o: api/%.c build/schema-version
	@mkdir -p $(@D)
	@echo "fuzz cc $<"
	@$(FUZZ_CC) $(CFLAGS_BASE) $(FUZZ_SAN) -fsanitize=fuzzer-no-link,address,undefined $(DEPFLAGS) -DANQUAN_SCHEMA_VERSION=$(SCHEMA_VERSION) $(PKG_CFLAGS) -c -o $@ $<

-include $(FUZZ_OBJ:.o=.d)

build/fuzz/libanquan.a: $(FUZZ_OBJ)
	@rm -f $@
	@ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libanquan.a $(API_HDR)
	$(FUZZ_CC) $(CFLAGS_BASE) $(FUZZ_SAN) -fsanitize=fuzzer,address,undefined $(PKG_CFLAGS) -o $@ $< build/fuzz/libanquan.a $(PKG_LIBS)

fuzz: deps fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_TARGETS)

# --- benchmarks -------------------------------------------------------------------------------
bench: deps build
	@BENCH_PG_DIR=$(BENCH_PG_DIR) BENCH_PG_PORT=$(BENCH_PG_PORT) BENCH_PORT=$(BENCH_PORT) tests/bench/bench.sh $(BENCH_SCENARIOS)

clean:
	rm -rf build

distclean: clean
	-deploy/pg.sh drop $(DEV_PG_DIR) $(DEV_PG_PORT)
	-deploy/pg.sh drop $(TEST_PG_DIR) $(TEST_PG_PORT)
	-deploy/pg.sh drop $(BENCH_PG_DIR) $(BENCH_PG_PORT)
	rm -rf var node_modules
