# `make run`  : set up, build the graph of seeds/, answer every saved query, draw it
# `make test` : set up and run the tests
# Everything installs into .venv from PyPI; nothing needs to be installed by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
GRAPH  := build/graph.ttl
SHARED ?= ../shared

.PHONY: install run test score clean bench eval browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/kg build seeds -o $(GRAPH)
	mkdir -p build/answers
	@for q in queries/*.rq; do \
		name=$$(basename $$q .rq); \
		echo; echo "== $$name"; \
		$(BIN)/kg query $$name -g $(GRAPH) || exit 1; \
		$(BIN)/kg query $$name -g $(GRAPH) --format csv > build/answers/$$name.csv || exit 1; \
	done
	$(BIN)/kg viz -g $(GRAPH) -o build/graph.png
	@echo; echo "graph: $(GRAPH)  answers: build/answers/*.csv  picture: build/graph.png"

# The browser tests use Debian's chromium; installing it needs root (as in CI), and
# without it those tests are skipped.
browser:
	-@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
		(apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null 2>&1; } || true

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

score: run
	$(BIN)/python $(SHARED)/tools/score.py --gold $(SHARED)/gold/seeds -g $(GRAPH) --kg $(BIN)/kg

clean:
	rm -rf build

# Benchmarks (not part of the tests): ratios measured side by side, to build/bench.md.
# BENCH_ARTICLES sets the small corpus (the large one is ten times it).
bench: $(STAMP)
	$(BIN)/python tests/bench/run.py

# Score the seed build and append the figures, with the commit, to quality-log.md.
eval: $(STAMP)
	$(BIN)/kg build seeds -o $(GRAPH)
	$(BIN)/kg eval -g $(GRAPH) --gold $(SHARED)/gold/seeds --log quality-log.md
