# samsyn: the README's two commands are `make run` and `make test`.
# Meson and Ninja do the building; this file only gives them short names.

BUILD ?= build
SAN   ?= build-san
DB    ?= var/samsyn.db

.PHONY: all build run test bench fuzz deps clean

FUZZ_SECONDS ?= 60

all: build

deps:
	@tools/deps.sh build

build: deps
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD) --buildtype=debugoptimized
	@ninja -C $(BUILD)

# Builds, creates or migrates $(DB), loads the demo municipality the first time, serves
# http://127.0.0.1:8080.
run: build
	@mkdir -p $(dir $(DB))
	@$(BUILD)/samsyn demo --db $(DB)
	@echo
	@echo "Öppna http://127.0.0.1:8080 i webbläsaren. Avsluta med Ctrl-C."
	@$(BUILD)/samsyn serve --db $(DB)

# Every test: a gcc build (warnings are errors), a clang build with AddressSanitizer and
# UndefinedBehaviorSanitizer, then unit, API and browser tests against the sanitized
# binary.  Ends with one summary line and a non-zero exit on any failure.
test:
	@tools/deps.sh test
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD) --buildtype=debugoptimized
	@ninja -C $(BUILD)
	@test -f $(SAN)/build.ninja || CC=clang meson setup $(SAN) --buildtype=debug \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fno-sanitize-recover=all
	@ninja -C $(SAN)
	@SAMSYN_BIN=$(CURDIR)/$(SAN)/samsyn BUILD_DIR=$(SAN) tools/test.sh

# Load benchmarks (bench/README.md); prints ratios measured in one run.
bench:
	@tools/deps.sh bench
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD) --buildtype=debugoptimized
	@ninja -C $(BUILD)
	@bench/run.sh $(BUILD)

# Each fuzz target for FUZZ_SECONDS with libFuzzer; new inputs go to fuzz/corpus/.
fuzz:
	@tools/deps.sh test
	@test -f build-fuzz/build.ninja || CC=clang meson setup build-fuzz --buildtype=debug \
		-Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
	@ninja -C build-fuzz
	@for t in form config json dates personnummer csv xlsx multipart; do \
		echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
		build-fuzz/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
			$$( [ -f fuzz/dict.$$t ] && echo -dict=fuzz/dict.$$t ) fuzz/corpus/$$t \
			|| exit 1; \
	done

clean:
	rm -rf $(BUILD) $(SAN) build-fuzz
