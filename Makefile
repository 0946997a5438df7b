# GNU make.  Entry points: `make demo`, `make test`, `make bench`.
# The first run creates .venv from the pinned requirements; later runs reuse it
# (it is re-installed only when requirements-dev.txt or requirements-dev.lock change).

SHELL := /bin/sh
.DELETE_ON_ERROR:
.DEFAULT_GOAL := test

PYTHON ?= python3
VENV := .venv
VENV_BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

# ansible-test needs the collection at .../ansible_collections/<namespace>/<name>/.
COLLECTION_TREE := build/ansible_collections/communigate/pro
SANITY_PYTHON := 3.11
SANITY_ARGS ?=
PYTEST_ARGS ?= -n 2 --dist loadgroup
# The ansible-core release lines of `make matrix`.
MATRIX_CORES := 2.16 2.17 2.18 2.19 2.20 2.21

# Sub-tools (ansible-test, ansible-lint, molecule) call other venv binaries by name.
export PATH := $(CURDIR)/$(VENV_BIN):$(PATH)

.PHONY: test unit sanity sanity-setup lint collection-tree molecule build-check test-collections bench demo clean venv \
	conformance conformance-emulator conformance-emulator-full \
	matrix matrix-check $(addprefix matrix-,$(MATRIX_CORES)) docs docs-venv docs-lint docs-check chromium

venv: $(INSTALLED)

$(INSTALLED): requirements-dev.txt requirements-dev.lock
	test -x $(VENV_BIN)/python || $(PYTHON) -m venv $(VENV)
	$(VENV_BIN)/python -m pip install --quiet -r requirements-dev.txt -c requirements-dev.lock
	touch $@

test: unit sanity lint molecule conformance-emulator build-check docs-lint docs-check

unit: $(INSTALLED)
	$(VENV_BIN)/pytest $(PYTEST_ARGS)

# The stateful property test (tests/integration/test_stateful.py) with many more examples than `make unit`
# runs: CGP_STATEFUL_EXAMPLES (default here 500) and CGP_STATEFUL_STEPS (default 20) set its size;
# -s prints what the steps did.
.PHONY: stateful
stateful: $(INSTALLED)
	CGP_STATEFUL_EXAMPLES=$${CGP_STATEFUL_EXAMPLES:-500} $(VENV_BIN)/pytest -p no:xdist -s tests/integration/test_stateful.py

# Copy of the files git sees (committed + new, not ignored) under build/, stale files removed.
collection-tree: $(INSTALLED)
	$(VENV_BIN)/python tests/utils/sync_collection_tree.py $(COLLECTION_TREE)

# ansible-test bootstraps pip in its sanity venvs with a get-pip.py it downloads from a
# host we cannot reach, unless a cached copy exists; put our offline stand-in there.
sanity-setup: $(INSTALLED)
	@pip_version=$$($(VENV_BIN)/python -c 'import types; from ansible_test._internal.python_requirements import get_venv_packages; print(get_venv_packages(types.SimpleNamespace(version="$(SANITY_PYTHON)"))["pip"])') && \
	cache="$$HOME/.ansible/test/cache/get_pip_$$(echo "$$pip_version" | tr . _).py" && \
	mkdir -p "$$(dirname "$$cache")" && \
	{ cmp -s tests/sanity/get_pip_standin.py "$$cache" || cp tests/sanity/get_pip_standin.py "$$cache"; } && \
	echo "sanity-setup: pip $$pip_version bootstrap stand-in at $$cache"

sanity: collection-tree sanity-setup
	cd $(COLLECTION_TREE) && ansible-test sanity --venv --python $(SANITY_PYTHON) $(SANITY_ARGS)

# ansible-lint runs offline, so it does not install this collection for its syntax
# checks; point Ansible at the build/ copy so playbooks can use communigate.pro.* content.
lint: collection-tree
	ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/build ansible-lint
	@# The modules' EXAMPLES, as playbooks in a scratch directory (ansible-lint skips git-ignored paths).
	@examples=$$(mktemp -d) && trap 'rm -rf "$$examples"' EXIT && \
	$(VENV_BIN)/python tests/utils/lint_examples.py "$$examples/examples" && \
	cp tests/utils/ansible-lint-examples.yml "$$examples/.ansible-lint" && \
	cd "$$examples" && ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/build ansible-lint --nocolor examples/
	antsibull-changelog lint
	antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml
	shellcheck .ci/run
	$(VENV_BIN)/ruff check plugins tests benchmarks
	$(VENV_BIN)/ruff format --check plugins tests benchmarks

# A collections directory whose communigate.pro is this checkout (a relative link, so the
# clone can move); the integration tests make the same link.
TEST_COLLECTIONS := build/test-collections
test-collections:
	@link=$(TEST_COLLECTIONS)/ansible_collections/communigate/pro && \
	if [ ! -d "$$link/plugins" ]; then \
		mkdir -p "$$(dirname "$$link")" && rm -f "$$link" && ln -s ../../../.. "$$link"; \
	fi

# The roles' molecule scenarios (extensions/molecule/<role>/), run from the collection root.
# Each starts its own emulator on a free port (create) and stops it (destroy, also on failure).
MOLECULE_SCENARIOS := cgp_mail_domain cgp_server_baseline
molecule: $(INSTALLED) test-collections
	@failed=""; for scenario in $(MOLECULE_SCENARIOS); do \
		ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(TEST_COLLECTIONS) molecule test -s $$scenario || failed="$$failed $$scenario"; \
	done; \
	if [ -n "$$failed" ]; then echo "molecule: failed:$$failed"; exit 1; fi

# The conformance kit (docs/conformance.md): every integration target, both roles' scenarios and
# the guess checks against the server in CGP_TEST_HOST, CGP_TEST_PORT, CGP_TEST_USER,
# CGP_TEST_PASSWORD (CGP_TEST_TLS, CGP_TEST_CA_PATH, ...), inside throwaway domains. It refuses,
# before connecting, unless CGP_TEST_ALLOW_WRITES=yes; server-wide jobs need
# CGP_TEST_ALLOW_SERVER_SETTINGS=yes too. Reports: build/conformance/junit.xml and summary.md.
conformance: $(INSTALLED) test-collections
	$(VENV_BIN)/python tests/conformance/run.py

# The kit against the bundled emulator started as a separate, seeded server over TLS: it must
# pass, refuse without the opt-in, and leave the emulator's own data untouched. make test runs the
# short form (the guess checks and a few targets, about a minute); -full runs every target and
# both roles' scenarios, as against a real server (about ten minutes).
conformance-emulator: $(INSTALLED) test-collections
	$(VENV_BIN)/python tests/conformance/against_emulator.py

conformance-emulator-full: $(INSTALLED) test-collections
	$(VENV_BIN)/python tests/conformance/against_emulator.py --all

# Build the collection tarball, check its contents, install it and use the installed copy.
build-check: $(INSTALLED)
	$(VENV_BIN)/python tests/utils/check_build.py

# The docs site: antsibull-docs writes the pages of the plugins, the roles and the guides
# (docs/docsite/: extra-docs.yml, links.yml, rst/) as RST into build/docs-src/, Sphinx
# (docs/sphinx/conf.py) makes HTML of it in build/docs/. Its tools have their own
# virtualenv (.venv-docs). Neither step uses the network (`unshare -n`, where allowed, makes
# sure of it: no intersphinx fetch, no Galaxy).
DOCS_VENV := .venv-docs
DOCS_INSTALLED := $(DOCS_VENV)/.installed
DOCS_SRC := build/docs-src
DOCS_HTML := build/docs
NO_NETWORK := $(shell unshare -n true 2>/dev/null && echo unshare -n)
DOCS_ENV := PATH=$(CURDIR)/$(DOCS_VENV)/bin:$$PATH ANSIBLE_COLLECTIONS_PATH=$(CURDIR)/$(TEST_COLLECTIONS) ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false

docs-venv: $(DOCS_INSTALLED)
$(DOCS_INSTALLED): requirements-docs.txt requirements-docs.lock
	test -x $(DOCS_VENV)/bin/python || $(PYTHON) -m venv $(DOCS_VENV)
	$(DOCS_VENV)/bin/python -m pip install --quiet -r requirements-docs.txt -c requirements-docs.lock
	touch $@

docs: $(DOCS_INSTALLED) test-collections
	rm -rf $(DOCS_SRC) $(DOCS_HTML) && mkdir -p $(DOCS_SRC)/rst && chmod 700 $(DOCS_SRC)/rst
	$(DOCS_ENV) $(NO_NETWORK) $(DOCS_VENV)/bin/antsibull-docs collection --use-current --squash-hierarchy \
		--fail-on-error --dest-dir $(DOCS_SRC)/rst communigate.pro
	CGP_DOCS_WORK_DIR=$(CURDIR)/$(DOCS_SRC) $(NO_NETWORK) $(DOCS_VENV)/bin/sphinx-build -q -b html -c docs/sphinx \
		-W --keep-going $(DOCS_SRC)/rst $(DOCS_HTML)
	@echo "docs: $(DOCS_HTML)/index.html"

docs-lint: $(DOCS_INSTALLED) test-collections
	$(DOCS_ENV) $(NO_NETWORK) $(DOCS_VENV)/bin/antsibull-docs lint-collection-docs --plugin-docs \
		--validate-collection-refs all --disallow-unknown-collection-refs $(TEST_COLLECTIONS)/ansible_collections/communigate/pro

# Debian's Chromium for the docs site test, installed once (CI runs as root on a fresh clone).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "chromium: installing Debian's chromium package"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	}
	@chromium --version

# The built site in headless Chromium: the index and cgp_account's page render with the
# option table; screenshots in build/docs-screenshots/.
docs-check: docs chromium
	$(VENV_BIN)/pytest -p no:xdist -q tests/docsite

# The support matrix (tests/utils/matrix.py): sanity, unit and integration tests on every
# ansible-core from 2.16 to 2.21, each in its own virtualenv (.venv-matrix/<core>/, from
# requirements/matrix/ansible-core-<core>.txt; 2.19 uses .venv). matrix-check fails, before
# anything runs, if an interpreter the matrix needs is missing. One core: make matrix-2.16.
matrix-check: $(INSTALLED)
	$(VENV_BIN)/python tests/utils/matrix.py check

$(addprefix matrix-,$(MATRIX_CORES)): matrix-%: matrix-check
	$(VENV_BIN)/python tests/utils/matrix.py run $*

# Every leg, one after the other (each uses both cores), and a summary of all of them.
matrix: matrix-check
	@failed=""; for core in $(MATRIX_CORES); do \
		$(VENV_BIN)/python tests/utils/matrix.py run $$core || failed="$$failed $$core"; \
	done; \
	if [ -n "$$failed" ]; then echo "matrix: FAILED on ansible-core$$failed"; exit 1; fi; \
	echo "matrix: every leg passed: ansible-core $(MATRIX_CORES)"

bench: $(INSTALLED)
	$(VENV_BIN)/python benchmarks/run.py

# Start the bundled emulator on a free port, run examples/site.yml with --diff
# twice (the second run must report changed=0), stop the emulator.
demo: $(INSTALLED)
	$(VENV_BIN)/python examples/run-demo.py

clean:
	rm -rf build $(VENV) .venv-matrix
