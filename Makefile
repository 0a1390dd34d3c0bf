# Two commands for a newcomer: `make serve` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RML_VENV  := .venv-rml
RML_STAMP := $(RML_VENV)/.installed
MORPH_KGC_VERSION := 2.10.0

.PHONY: install build serve test clean bench bench-build vendor load fuzz harvest screenshots

$(STAMP): pyproject.toml
	@# libseccomp2 (Debian): the query workers' network filter needs it; serve refuses to start without it
	@[ "$$(uname)" != Linux ] || ldconfig -p 2>/dev/null | grep -q 'libseccomp\.so\.2' || \
		{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends libseccomp2 >/dev/null; } || \
		echo "vanort: libseccomp2 is not installed (apt-get install libseccomp2); serve will refuse to start"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The RML engine that maps data/tables/*.csv (README, "Tables"): morph-kgc pins pyoxigraph < 0.4
# and rdflib < 7.3, which vanort and pySHACL cannot use, so it gets an environment of its own
# that the build runs as a program (setting rml_python).
$(RML_STAMP):
	$(PYTHON) -m venv $(RML_VENV)
	$(RML_VENV)/bin/pip install --quiet 'morph-kgc==$(MORPH_KGC_VERSION)'
	touch $(RML_STAMP)

install: $(STAMP) $(RML_STAMP)

build: $(STAMP) $(RML_STAMP)
	$(BIN)/vanort build

serve: $(STAMP) $(RML_STAMP) vendor
	$(BIN)/vanort build --if-needed
	$(BIN)/vanort serve --host 127.0.0.1 --port 8000

test: $(STAMP) $(RML_STAMP) vendor
	@# Raptor's rapper for the client matrix (issue 12): Debian's raptor2-utils, installed here when we
	@# may (as root with apt-get), else its tests skip with a reason
	@command -v rapper >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends raptor2-utils >/dev/null; } || \
		echo "make test: rapper is not installed (apt-get install raptor2-utils); its client tests skip"
	$(BIN)/python -m pytest

# The query UI: @zazuko/yasgui from the npm registry, pinned, copied into the package (gitignored)
# with its MIT notice. No CDN at run time. Without npm the UI falls back to a plain form.
YASGUI_VERSION := 4.6.2
YASGUI_DIR     := src/vanort/static/vendor/yasgui
YASGUI_CACHE   := .cache/npm
SWAGGER_VERSION := 5.35.0
SWAGGER_DIR     := src/vanort/static/vendor/swagger-ui


# The base map: Natural Earth 1:50m country borders as TopoJSON from npm's world-atlas (ISC; the
# Natural Earth data are public domain), pinned, copied into the package (gitignored). The map is
# drawn server-side in Python from it; without npm the maps have no base layer and say so.
ATLAS_VERSION := 2.0.2
ATLAS_DIR     := src/vanort/static/vendor/world-atlas

$(ATLAS_DIR)/countries-50m.json:
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p $(YASGUI_CACHE) $(ATLAS_DIR) && \
	  (cd $(YASGUI_CACHE) && npm pack --silent world-atlas@$(ATLAS_VERSION) >/dev/null && \
	   rm -rf world-atlas && mkdir world-atlas && tar xzf world-atlas-$(ATLAS_VERSION).tgz -C world-atlas) && \
	  cp $(YASGUI_CACHE)/world-atlas/package/countries-50m.json $(YASGUI_CACHE)/world-atlas/package/LICENSE $(ATLAS_DIR)/ && \
	  printf '%s\n' "world-atlas $(ATLAS_VERSION) (npm registry), ISC License (LICENSE beside this file)." \
	    "Data: Natural Earth 1:50m Admin 0 countries, public domain (https://www.naturalearthdata.com/about/terms-of-use/)." \
	    > $(ATLAS_DIR)/NOTICE; \
	else echo "vanort: npm not found; maps have no base layer (install npm, then: make vendor)"; fi

# axe-core (MPL-2.0) for the browser tests only: injected into each page by tests/web/test_browser.py.
AXE_VERSION := 4.10.3
AXE_DIR     := .cache/axe-core

$(AXE_DIR)/axe.min.js:
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p $(YASGUI_CACHE) $(AXE_DIR) && \
	  (cd $(YASGUI_CACHE) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && \
	   rm -rf axe-core && mkdir axe-core && tar xzf axe-core-$(AXE_VERSION).tgz -C axe-core) && \
	  cp $(YASGUI_CACHE)/axe-core/package/axe.min.js $(YASGUI_CACHE)/axe-core/package/LICENSE $(AXE_DIR)/; \
	else echo "vanort: npm not found; the browser tests skip the accessibility check"; fi

vendor: $(YASGUI_DIR)/yasgui.min.js $(SWAGGER_DIR)/swagger-ui-bundle.js $(ATLAS_DIR)/countries-50m.json $(AXE_DIR)/axe.min.js

# PNGs of every kind of page at 390 and 1280 px, sv and en, into screenshots/ (gitignored).
screenshots: $(STAMP) vendor
	$(BIN)/vanort build --if-needed
	$(BIN)/python -m tests.web.screenshots screenshots

$(YASGUI_DIR)/yasgui.min.js:
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p $(YASGUI_CACHE) $(YASGUI_DIR) && \
	  (cd $(YASGUI_CACHE) && npm pack --silent @zazuko/yasgui@$(YASGUI_VERSION) >/dev/null && \
	   rm -rf package && tar xzf zazuko-yasgui-$(YASGUI_VERSION).tgz) && \
	  cp $(YASGUI_CACHE)/package/build/yasgui.min.js $(YASGUI_CACHE)/package/build/yasgui.min.css $(YASGUI_DIR)/ && \
	  printf '%s\n' "@zazuko/yasgui $(YASGUI_VERSION) (npm registry), MIT License." \
	    "Copyright (c) the authors named in the package's package.json: Triply <info@triply.cc>, Zazuko GmbH." \
	    "https://github.com/rdfjs/Yasgui (the package ships no LICENSE file; its package.json declares MIT)" "" \
	    "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the \"Software\"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:" "" \
	    "The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software." "" \
	    "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE." \
	    > $(YASGUI_DIR)/LICENSE; \
	else echo "vanort: npm not found; the query UI will be a plain form (install npm, then: make vendor)"; fi

# The API browser at /-/docs: swagger-ui-dist from the npm registry, pinned, copied into the
# package (gitignored) with its Apache-2.0 licence and notice. Without npm, /-/docs says so.
$(SWAGGER_DIR)/swagger-ui-bundle.js:
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p $(YASGUI_CACHE) $(SWAGGER_DIR) && \
	  (cd $(YASGUI_CACHE) && npm pack --silent swagger-ui-dist@$(SWAGGER_VERSION) >/dev/null && \
	   rm -rf swagger-ui && mkdir swagger-ui && tar xzf swagger-ui-dist-$(SWAGGER_VERSION).tgz -C swagger-ui) && \
	  cp $(YASGUI_CACHE)/swagger-ui/package/swagger-ui.css $(YASGUI_CACHE)/swagger-ui/package/LICENSE \
	     $(YASGUI_CACHE)/swagger-ui/package/NOTICE $(YASGUI_CACHE)/swagger-ui/package/swagger-ui-bundle.js.LICENSE.txt \
	     $(SWAGGER_DIR)/ && \
	  cp $(YASGUI_CACHE)/swagger-ui/package/swagger-ui-bundle.js $(SWAGGER_DIR)/ && \
	  echo "swagger-ui-dist $(SWAGGER_VERSION) (npm registry), Apache License 2.0: see LICENSE and NOTICE." \
	    > $(SWAGGER_DIR)/README; \
	else echo "vanort: npm not found; /-/docs will link the OpenAPI description only (install npm, then: make vendor)"; fi

clean:
	rm -rf release build .pytest_cache

# National register tables (issue #14) from the inputs folder described in src/vanort/harvest/run.py.
HARVEST_INPUTS ?= harvest-inputs
harvest: $(STAMP)
	$(BIN)/pip install --quiet -e '.[harvest]'
	$(BIN)/python -m vanort.harvest $(HARVEST_INPUTS) data/tables --notes data/harvest

# Benchmark (issue #6): synthetic data at each N, build/start-up table, server comparison.
# Options: make bench BENCH_ARGS="--sizes 1000,10000 --seconds 10"
bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	@# Virtuoso is Debian's package; installed here when we may, else the benchmark leaves it out
	@command -v virtuoso-t >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends virtuoso-opensource >/dev/null; } || \
		echo "bench: Virtuoso is not installed (apt-get install virtuoso-opensource); it is left out"
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The build half of issue #13 alone: synth, build, `oxigraph load` of the same dataset.nq, one-row
# rebuild, per N (no servers). Options: make bench-build BENCH_ARGS="--sizes 1000,10000"
bench-build: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py --build-only $(BENCH_ARGS)

# The long load test (issue #7): 16 clients with the example mix and 2 runaway clients for five
# minutes against a server started on a free loopback port. Options: make load LOAD_ARGS="--duration 60"
load: $(STAMP)
	$(BIN)/vanort build --if-needed
	$(BIN)/vanort loadtest --serve --duration 300 --set query_workers=4 --set query_timeout_s=5 $(LOAD_ARGS)

# The raw-HTTP fuzzer (issue #11): 100,000 seeded requests against a server started on a free
# loopback port (proxies on loopback trusted, so forwarded headers are checked too). Prints the
# answers by status; exits 1 on any 5xx other than 503/504. Options: make fuzz FUZZ_ARGS="--seed 2"
fuzz: $(STAMP)
	$(BIN)/vanort build --if-needed
	$(BIN)/vanort fuzz --serve --requests 100000 --set query_timeout_s=5 --set trusted_proxies=127.0.0.1 $(FUZZ_ARGS)
