# Top-level driver: `make` builds build/tessera, `make run` installs what is
# missing and runs the main job, `make test [SANITIZE=1]` runs every test.
SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD ?= build-sanitize
BUILD_TYPE ?= Debug
else
BUILD ?= build
BUILD_TYPE ?= Release
endif
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEB_PACKAGES = build-essential cmake pkg-config python3 python3-numpy libjansson-dev libxxhash-dev \
               libsqlite3-dev libmicrohttpd-dev libpng-dev clang libclang-rt-14-dev \
               libfreetype-dev fonts-dejavu-core chromium nodejs wrk libopenmpi-dev openmpi-bin
# make fuzz: libFuzzer targets (clang) in their own build folder, each run
# FUZZ_SECONDS seconds (docs/FUZZING.md).
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

.PHONY: all build deps run test clean bench fuzz install

all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@# npm: Debian's package, unless the installed nodejs already brings it
	@command -v npm >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; } || \
	  { echo "npm missing; run: sudo apt-get install -y npm"; exit 1; }

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DSANITIZE=$(if $(filter 1,$(SANITIZE)),ON,OFF) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

# The main job: the program search on the 400 training tasks (library off,
# two threads), its submission scored by arc score; first the bundled
# solvers' reference run (a fraction of a second).
run: deps build
	./$(BUILD)/tessera arc run data/solvers/*.py --tasks data/arc-agi-1/training
	./$(BUILD)/tessera arc solve --tasks data/arc-agi-1/training --jobs 2 --disable library --quiet \
	  --out $(BUILD)/submission.json
	./$(BUILD)/tessera arc score $(BUILD)/submission.json --tasks data/arc-agi-1/training

test: deps build
	@BUILD=$(BUILD) ./tests/run_all.sh

fuzz: deps
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DFUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) -- --no-print-directory
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) ./tests/fuzz/run_fuzz

bench: build
	./bench/arc_run --tessera ./$(BUILD)/tessera
	./bench/arc_battery --tessera ./$(BUILD)/tessera
	./$(BUILD)/bench_ext_prims

# `make install [PREFIX=/usr/local] [DESTDIR=/staging]`: the tessera command,
# libtessera.so and libtessera.a, include/tessera/*.h, tessera.pc and the
# Python module (README, docs/PYTHON.md).
PREFIX ?= /usr/local
install: build
	@cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD)

clean:
	rm -rf build build-sanitize $(FUZZ_BUILD)
