# The README's two commands. Both install missing Debian packages first, so they work on a fresh machine.
#   make run       ingest and code the bundled corpus, write the reports in reports/
#   make review    open the review app in the browser on that database
#   make accuracy  measure the automatic coding against the hand-coded sets (tests/gold/, tests/gold-real/)
#   make starting-model   train the model that ships with the codebook on tests/gold (codebook/*.model)
#   make test   build and run every test (SANITIZE=address,undefined for an ASan/UBSan build)
#   make fuzz   build the libFuzzer targets (clang) and run each for SECONDS seconds, or until flat (docs/fuzzing.md)
SANITIZE ?=
BUILD ?= $(if $(SANITIZE),build-sanitize,build)
DB ?= kansrijk.db
KANSRIJK = $(BUILD)/kansrijk

CODEBOOK ?= codebook/kansrijke-start.yaml

.PHONY: run review test build deps bench fuzz accuracy starting-model screenshots clean

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSANITIZE=$(SANITIZE)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD)

run: build
	$(KANSRIJK) codebook check $(CODEBOOK)
	$(KANSRIJK) ingest corpus --db $(DB) --codebook $(CODEBOOK)
	$(KANSRIJK) code --db $(DB) --codebook $(CODEBOOK)
	$(KANSRIJK) stats --db $(DB) --format md --out reports/corpus.md
	$(KANSRIJK) report --db $(DB) --out reports
	$(KANSRIJK) quotes --db $(DB) --out reports/quotes.md
	$(KANSRIJK) quotes --db $(DB) --format docx --out reports/quotes.docx
	@echo "Done: the reports are in reports/. Review and correct the coding in your browser with: make review"

# The review app on the database `make run` filled; stop it with Ctrl-C.
review: build
	$(KANSRIJK) serve --db $(DB)

# A fresh database each time, so the figures always describe the current rules. Each set is a folder with
# corpus/ and gold.csv: the fictional set, and the two halves of the real Dutch set (tests/gold-real/README.md).
GOLD_SETS ?= tests/gold tests/gold-real/dev tests/gold-real/blind
accuracy: build
	@set -e; for set in $(GOLD_SETS); do \
	  db=$(BUILD)/accuracy-$$(echo $$set | tr / -).db; \
	  rm -f $$db $$db-wal $$db-shm; \
	  echo; echo "## $$set"; echo; \
	  $(KANSRIJK) ingest $$set/corpus --db $$db --quiet; \
	  $(KANSRIJK) code --db $$db --codebook $(CODEBOOK) --quiet; \
	  $(KANSRIJK) agree --gold $$set/gold.csv --all-documents --db $$db --disagreements $$db.disagreements.csv; \
	done

# The starting model that ships with the codebook (its .yaml as .model), trained on tests/gold, each code on or off
# by the same cross-validation as `kansrijk learn` (docs/accuracy.md). Deterministic: a rebuild writes the same bytes.
starting-model: build
	@set -e; db=$(BUILD)/starting-model.db; rm -f $$db $$db-wal $$db-shm; \
	  $(KANSRIJK) ingest tests/gold/corpus --db $$db --quiet; \
	  $(KANSRIJK) code --db $$db --codebook $(CODEBOOK) --quiet; \
	  $(KANSRIJK) learn --gold tests/gold/gold.csv --db $$db --out $(basename $(CODEBOOK)).model

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j2

# The benchmarks in tests/bench/, with the lean prototype in ../shared/perf built beside them when it is there.
bench: deps
	cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DKANSRIJK_BENCH=ON
	cmake --build build-bench --target kansrijk_bench
	if [ -f ../shared/perf/CMakeLists.txt ]; then \
	  cmake -S ../shared/perf -B build-bench/perfbench -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench/perfbench; fi
	build-bench/kansrijk_bench $(BENCH_ARGS)

# Every fuzz target in tests/fuzz for SECONDS seconds each; what crashes is kept in tests/fuzz/regressions/<target>/,
# which `make test` replays. FUZZ_TARGETS="read_txt codebook" runs only those. UNTIL_FLAT=M stops a target once its
# edge coverage has not grown for M seconds (SECONDS is then the cap): make fuzz SECONDS=1200 UNTIL_FLAT=300.
SECONDS ?= 60
UNTIL_FLAT ?= 0
FUZZ_TARGETS ?= $(basename $(notdir $(filter-out %_test.cc %/fuzz.cc,$(wildcard tests/fuzz/*.cc))))
fuzz:
	@scripts/install-deps.sh fuzz
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKANSRIJK_FUZZ=ON \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
	cmake --build build-fuzz
	UNTIL_FLAT=$(UNTIL_FLAT) scripts/fuzz.sh $(SECONDS) $(FUZZ_TARGETS)

# The review app's pictures in docs/review.md, taken in headless Chromium from the bundled corpus.
screenshots: build
	/usr/bin/python3 tests/serve/browser_test.py $(KANSRIJK) . --screenshots docs

clean:
	rm -rf build build-sanitize build-bench build-fuzz
