# The README's two commands. Both install missing Debian packages first, so they work on a fresh machine.
#   make run    ingest the bundled corpus and write reports/
#   make test   build and run every test (SANITIZE=address,undefined for an ASan/UBSan build)
SANITIZE ?=
BUILD ?= $(if $(SANITIZE),build-sanitize,build)
DB ?= kansrijk.db
KANSRIJK = $(BUILD)/kansrijk

.PHONY: run test build deps bench clean

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSANITIZE=$(SANITIZE)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD)

run: build
	$(KANSRIJK) ingest corpus --db $(DB)
	$(KANSRIJK) stats --db $(DB) --format md --out reports/corpus.md
	@echo "Wrote reports/corpus.md"

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j2

bench: deps
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DKANSRIJK_BENCH=ON
	cmake --build build-bench --target kansrijk_bench
	build-bench/kansrijk_bench

clean:
	rm -rf build build-sanitize build-bench
