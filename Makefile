# Set-up is part of every target: a fresh clone needs only `make build` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CORPUS ?= ../shared/corpus/github-docs-2021-03
CORPUS_CONFIG := configs/github-docs-2021-03.yml
PORT   ?= 4000
PYTEST_ARGS ?=

.PHONY: build check check-corpus test corpus parity bench serve serve-corpus clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(PY) -m builder build --source . --config builder.yml --out _site

# every broken link, missing anchor and bad input; writes nothing (exit 1 on errors)
check: $(STAMP)
	$(PY) -m builder check --source . --config builder.yml

check-corpus: $(STAMP)
	$(PY) -m builder check --source $(CORPUS) --config $(CORPUS_CONFIG) --site _site-corpus

# The browser tests need Debian's chromium and fonts-noto-cjk: installed here when missing and
# possible (root or password-less sudo); otherwise those tests fail naming the command to run.
test: $(STAMP)
	bash tests/browser_deps.sh
	$(PY) -m pytest -q $(PYTEST_ARGS)

# every language of the configuration: English and Japanese
corpus: $(STAMP)
	$(PY) -m builder build --source $(CORPUS) --config $(CORPUS_CONFIG) --out _site-corpus

clean:
	rm -rf _site _site-corpus .pytest_cache

parity: $(STAMP)
	$(PY) -m tools.parity --site _site-corpus --reference $(CORPUS)/reference

# The preview server: renders pages on demand, reloads the browser on save (127.0.0.1 only).
serve: $(STAMP)
	$(PY) -m builder serve --source . --config builder.yml --port $(PORT)

serve-corpus: $(STAMP)
	$(PY) -m builder serve --source $(CORPUS) --config $(CORPUS_CONFIG) --port $(PORT) --site _site-corpus

bench: $(STAMP)
	$(PY) bench/bench_build.py --corpus $(CORPUS)
	$(PY) bench/bench_parts.py --corpus $(CORPUS)
	$(PY) bench/serve_load.py --source $(CORPUS) --config $(CORPUS_CONFIG) --reload
	$(PY) bench/bench_incremental.py --corpus $(CORPUS)
	$(PY) bench/bench_search.py --corpus $(CORPUS)
	test -f _site-corpus/redirects.json || $(MAKE) corpus
	$(PY) bench/bench_publish.py --site _site-corpus
