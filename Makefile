# tally: drop reports in $(INBOX), run `make ingest`, read $(OUT)/reconciliation.log.
#
#   make ingest            build (release) when needed, then ingest INBOX into OUT
#   make test              the whole test suite (what CI runs)
#   make accept ID=… NOTE=… mark a finding as reviewed (accepted.yaml beside the inbox)
#   make eval              score the pipeline on samples/, tally tables on ICDAR-2013, and the real reports
#                          against the hand verdicts in eval/real-nl/
#   make bench             speed and memory, side by side with pdftotext (never part of test)
#   make fuzz              run the fuzz targets for FUZZ_SECONDS each
#   make forge             generate COUNT forge documents with truth from SEED into DIR (forge/README.md)
#   make eval-forge        score the pipeline on a fresh forge batch (SEED= replays one)
#   make dist              release tarball dist/tally-<version>-linux-<arch>.tar.gz: static Swift runtime,
#                          man page, schemas, default pipeline.yaml, DEPENDENCIES (derived with ldd + dpkg -S)
#   make dist-test         unpack that tarball and run it in a clean environment without Swift
#   make clean             remove build products and OUT
#
# Variables: INBOX (inbox), OUT (out), CONFIG (pipeline.yaml), JOBS (cores), STRICT=1 (exit 1 on
# an error finding), FORCE=1 (redo unchanged documents), VERBOSE=1 (list every check in the log).

INBOX  ?= inbox
OUT    ?= out
CONFIG ?= pipeline.yaml
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
SWIFT  ?= swift
RELEASE_BIN := .build/release/tally
SYSTEM_PACKAGES := libpoppler-glib-dev libxml2-dev libxlsxwriter-dev pkg-config
SHARED ?= ../shared

INGEST_FLAGS := --inbox $(INBOX) --out $(OUT) --config $(CONFIG) --jobs $(JOBS) --when-empty samples
ifeq ($(STRICT),1)
INGEST_FLAGS += --strict
endif
ifeq ($(FORCE),1)
INGEST_FLAGS += --force
endif
ifeq ($(VERBOSE),1)
INGEST_FLAGS += --verbose
endif

.PHONY: ingest test eval bench fuzz clean deps build release forge-deps forge eval-forge review-deps accept dist dist-test

# The C libraries tally links: install them when missing (as root directly, else through sudo),
# or stop with the exact command to run.
deps:
	@if ! pkg-config --exists poppler-glib libxml-2.0 xlsxwriter 2>/dev/null; then \
	  echo "tally needs the system packages: $(SYSTEM_PACKAGES)"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES); \
	  else \
	    echo "Run: sudo apt-get install -y $(SYSTEM_PACKAGES)"; exit 1; \
	  fi; \
	  pkg-config --exists poppler-glib libxml-2.0 xlsxwriter || { echo "Run: sudo apt-get install -y $(SYSTEM_PACKAGES)"; exit 1; }; \
	fi

# The review page's browser test drives headless chromium: install it when missing (Debian's
# package), the way `deps` installs poppler, or stop with the exact command to run.
review-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "the review page test needs the system package: chromium"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	  else \
	    echo "Run: sudo apt-get install -y chromium"; exit 1; \
	  fi; \
	  command -v chromium >/dev/null 2>&1 || { echo "Run: sudo apt-get install -y chromium"; exit 1; }; \
	fi

release: deps
	$(SWIFT) build -c release --product tally

build: deps
	$(SWIFT) build

ingest: release
	$(RELEASE_BIN) ingest $(INGEST_FLAGS)

# Tests validate output with Python's jsonschema; install it when missing. The end-to-end tests
# run the release binary, the one users run (TALLY_BIN), so large inputs finish in bounded time.
test: deps forge-deps review-deps
	@python3 -c "import jsonschema" 2>/dev/null || python3 -m pip install -q jsonschema
	python3 -m unittest discover -s forge/tests
	$(SWIFT) build -c release --product tally
	$(SWIFT) build --build-tests
	TALLY_BIN=$(CURDIR)/$(RELEASE_BIN) $(SWIFT) test --skip-build

# Mark a finding as reviewed: make accept ID=3f2a0c9d1e2b4a5c NOTE="checked: the 2024 report corrects it"
accept: release
	$(RELEASE_BIN) accept '$(ID)' --note '$(NOTE)' --inbox $(INBOX) --out $(OUT)

eval: release
	@rm -rf .build/eval-out
	$(RELEASE_BIN) ingest --inbox samples --out .build/eval-out --config $(CONFIG) --force
	python3 samples/tools/eval.py --out .build/eval-out
	@if [ -f $(SHARED)/corpus/icdar2013-eu/MANIFEST.tsv ]; then \
	  python3 $(SHARED)/tools/score_tables.py $(SHARED)/corpus/icdar2013-eu/MANIFEST.tsv --cmd '$(RELEASE_BIN) tables {file}'; \
	else echo "ICDAR-2013 corpus not found under $(SHARED)/corpus: skipped"; fi
	@if [ -d $(SHARED)/corpus/real-nl ]; then \
	  rm -rf .build/eval-real-nl; \
	  $(RELEASE_BIN) ingest --inbox $(SHARED)/corpus/real-nl --out .build/eval-real-nl --config eval/real-nl/pipeline.yaml --force >/dev/null 2>&1; \
	  echo "real reports (hand verdicts, eval/real-nl):"; \
	  python3 eval/real-nl/score_real.py --out .build/eval-real-nl | grep -E "^  (error|warning) +claims|checked correctly|^== unlabelled"; \
	else echo "real-nl corpus not found under $(SHARED)/corpus: skipped"; fi

# The forge (forge/README.md): its producers come from Debian (chromium libreoffice-writer-nogui
# poppler-utils qpdf fonts-dejavu fonts-liberation2) and PyPI (reportlab python-docx jsonschema);
# the export tests need libreoffice-calc-nogui (XLSX opened in Calc), jq, duckdb and pandas (the
# docs/recipes.md recipes). Install what is missing (as root directly, else through sudo), or stop
# with the command to run.
forge-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	[ -e /usr/lib/libreoffice/program/libsclo.so ] || missing="$$missing libreoffice-calc-nogui"; \
	command -v jq >/dev/null 2>&1 || missing="$$missing jq"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	command -v qpdf >/dev/null 2>&1 || missing="$$missing qpdf"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu"; \
	[ -d /usr/share/fonts/truetype/liberation2 ] || missing="$$missing fonts-liberation2"; \
	if [ -n "$$missing" ]; then \
	  echo "the forge needs the system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "Run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi; \
	pymissing=""; \
	python3 -c "import reportlab" 2>/dev/null || pymissing="$$pymissing reportlab"; \
	python3 -c "import docx" 2>/dev/null || pymissing="$$pymissing python-docx"; \
	python3 -c "import jsonschema" 2>/dev/null || pymissing="$$pymissing jsonschema"; \
	python3 -c "import duckdb" 2>/dev/null || pymissing="$$pymissing duckdb"; \
	python3 -c "import pandas" 2>/dev/null || pymissing="$$pymissing pandas"; \
	if [ -n "$$pymissing" ]; then \
	  echo "the forge needs the Python packages:$$pymissing"; \
	  python3 -m pip install -q $$pymissing || { echo "Run: python3 -m pip install$$pymissing"; exit 1; }; \
	fi

SEED  ?= 1
COUNT ?= 40
DIR   ?= forge-out
forge: forge-deps
	python3 forge/forge.py --seed $(SEED) --count $(COUNT) --dir $(DIR) --jobs $(JOBS)

# A fresh seed per run unless SEED is given on the command line (printed first, to replay).
eval-forge: release forge-deps
	python3 forge/eval_forge.py --count $(COUNT) --jobs $(JOBS) $(if $(filter command line environment,$(origin SEED)),--seed $(SEED))

bench: release
	bash bench/run.sh

# The release tarball. Its own scratch path, so the static build and the normal one never rebuild
# each other. The man page comes from swift-argument-parser's generate-manual, the tool its
# GenerateManual plugin runs, built from the checked-out package: the plugin would first build
# every product again through its own build (without --static-swift-stdlib) before running it.
DIST_SCRATCH := .build-dist
DIST_BIN     := $(DIST_SCRATCH)/release/tally
GENMAN       := $(DIST_SCRATCH)/manual/release/generate-manual
dist: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(DIST_SCRATCH) --product tally
	$(SWIFT) build -c release --package-path $(DIST_SCRATCH)/checkouts/swift-argument-parser \
	  --scratch-path $(DIST_SCRATCH)/manual --product generate-manual
	@rm -f dist/tally-*.tar.gz
	bash packaging/make_dist.sh $(DIST_BIN) $(GENMAN) dist

dist-test: dist
	bash packaging/test_dist.sh $$(ls dist/tally-*.tar.gz)

FUZZ_SECONDS ?= 60
fuzz: deps
	bash fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build $(DIST_SCRATCH) dist $(OUT)
