"""`toy`: an assignment made only for the engine's own tests (two functions, three checks).

It proves the boundary between the engine and an assignment: everything it needs is declared
here, from the authoring vocabulary alone (`autograder.authoring`), and handed to the engine as
a value; nothing in `tests/test_engine.py` imports a real assignment of the course.
"""

from pathlib import Path

from autograder.authoring import Assignment, Checks, agrees, floats, search, worked

HERE = Path(__file__).resolve().parent
checks = Checks()


@checks.check(part=1, points=2, title="double(3) = 6", lecture="Part 1, doubling: 2 · 3 = 6",
              hint="Multiply by two.", beyond=lambda sub, ref: agrees(sub, ref, "double", -1.5))
def double_of_three(sub, ref):
    worked(sub, "double", 3.0, want=6.0)


@checks.check(part=1, points=3, title="double matches the reference", hint="Multiply by two.",
              lecture="Part 1, doubling: 2x for every x", hidden=True)
def double_matches_reference(sub, ref):
    search(lambda: floats(100.0), lambda x: agrees(sub, ref, "double", x), examples=15)


@checks.check(part=2, points=5, title="square matches the reference", hint="x times x.",
              lecture="Part 2, squaring: x² for every x", hidden=True)
def square_matches_reference(sub, ref):
    search(lambda: floats(100.0), lambda x: agrees(sub, ref, "square", x), examples=15)


def no_figures(sub, ref, results, logs):
    return []


TOY = Assignment(name="toy", title="A toy for the engine's tests",
                 parts={1: "Doubling", 2: "Squaring"}, checks=checks.in_order(),
                 reference=HERE / "toy.ipynb", release=HERE / "release.ipynb",
                 figures=no_figures)


