# The kit's commands. On a fresh machine:
#   make demo   install, then grade the bundled example submissions
#   make test   install, then run the whole test suite and `autograder validate` for each
#               assignment (the grader checks itself: reference, release, every catalogued
#               misconception, mutants)
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(abspath $(VENV))/bin
export PATH := $(BIN):$(PATH)

.PHONY: demo test install release screenshot screenshot-student clean

# Every installed assignment (the registry, `autograder assignments`): no list to keep here.
demo: install
	for name in $$(autograder assignments); do \
		if [ -d examples/$$name ]; then \
			autograder grade-all examples/$$name --out build/examples/$$name --assignment $$name || exit 1; \
		fi; \
	done

test: install
	pytest
	for name in $$(autograder assignments); do \
		autograder validate --assignment $$name --workdir build/validate-$$name || exit 1; \
	done

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
	for name in $$(autograder assignments); do \
		nbgrader generate_assignment $$name --force || exit 1; \
	done

# docs/feedback-report.png: a bundled example's feedback report as headless Chromium draws it.
CHROMIUM_FLAGS = --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars
screenshot: install
	autograder grade examples/nn_intro/diana_gradient_sign.ipynb --results build/screenshot/results.json
	chromium $(CHROMIUM_FLAGS) --user-data-dir=build/screenshot/profile \
		--window-size=1000,3400 --screenshot=docs/feedback-report.png \
		file://$(abspath build/screenshot/feedback.html)

# docs/student-report.png: the report a student's own `pytest` writes beside a notebook whose
# backprop has ∂L/∂ŷ's sign flipped (Diana's), a mistake caught before hand-in.
screenshot-student: install
	rm -rf build/student && mkdir -p build/student
	cp examples/nn_intro/diana_gradient_sign.ipynb build/student/nn_intro.ipynb
	cd build/student && $(BIN)/python -m pytest -q -p no:cacheprovider > pytest.txt || true
	chromium $(CHROMIUM_FLAGS) --user-data-dir=build/student-profile \
		--window-size=1000,2000 --screenshot=docs/student-report.png \
		file://$(abspath build/student/pytest-report/feedback.html)

clean:
	rm -rf build gradebook.db
