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

# Sub-tools (ansible-test, ansible-lint, molecule) call other venv binaries by name.
export PATH := $(CURDIR)/$(VENV_BIN):$(PATH)

.PHONY: test unit sanity sanity-setup lint collection-tree molecule build-check test-collections bench demo clean venv

venv: $(INSTALLED)

$(INSTALLED): requirements-dev.txt requirements-dev.lock
	test -x $(VENV_BIN)/python || $(PYTHON) -m venv $(VENV)
	$(VENV_BIN)/python -m pip install --quiet -r requirements-dev.txt -c requirements-dev.lock
	touch $@

test: unit sanity lint molecule build-check

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

# Build the collection tarball, check its contents, install it and use the installed copy.
build-check: $(INSTALLED)
	$(VENV_BIN)/python tests/utils/check_build.py

bench: $(INSTALLED)
	$(VENV_BIN)/python benchmarks/run.py

# Start the bundled emulator on a free port, run examples/site.yml with --diff
# twice (the second run must report changed=0), stop the emulator.
demo: $(INSTALLED)
	$(VENV_BIN)/python examples/run-demo.py

clean:
	rm -rf build $(VENV)
