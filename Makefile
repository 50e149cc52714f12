# The kit's commands. On a fresh machine:
#   make demo   install, then grade the bundled example submissions
#   make test   install, then run the whole test suite and `autograder validate` for each
#               assignment (the grader checks itself: reference, release, every catalogued
#               misconception, mutants)
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(abspath $(VENV))/bin
export PATH := $(BIN):$(PATH)

.PHONY: demo test install release clean

demo: install
	autograder grade-all examples/nn_intro --out build/examples/nn_intro --assignment nn_intro
	autograder grade-all examples/mlp --out build/examples/mlp --assignment mlp

test: install
	pytest
	autograder validate --assignment nn_intro
	autograder validate --assignment mlp --workdir build/validate-mlp

install: $(VENV)/.installed

# compileall: an editable install compiles nothing, and with PYTHONDONTWRITEBYTECODE=1 (common
# in CI images) every `autograder` start would compile the package again (~40 ms each time).
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q autograder coursework
	touch $@

# Regenerate the student release (assignments/) from the source (solutions/) with nbgrader.
release: install
	nbgrader generate_assignment nn_intro --force
	nbgrader generate_assignment mlp --force

clean:
	rm -rf build gradebook.db
