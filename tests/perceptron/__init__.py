"""`perceptron`: a three-function assignment (a step activation, a prediction, a training loop)
written with the authoring vocabulary alone, the size a newcomer's first assignment has."""

from pathlib import Path

import numpy as np

from autograder.authoring import (GRADIENTS, Assignment, Checks, Lend, agrees,
                                  agrees_elementwise, as_any_array, as_float, as_float_list,
                                  calling, descend, expect_close, expect_same, fmt, hnp, search,
                                  st, term_values, told_where_it_parts, worked)

HERE = Path(__file__).resolve().parent
checks = Checks()
RULE = "Part 3, the perceptron rule: for each sample, w ← w + η (y − ŷ) x and b ← b + η (y − ŷ)"
AND = ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 0.0, 0.0, 1.0])


def vectors(n=None):
    size = st.integers(1, 3) if n is None else st.just(n)
    return size.flatmap(lambda k: hnp.arrays(float, k, elements=st.integers(-3, 3).map(float)))


@checks.check(part=1, points=2, title="step(0.5) = 1", lecture="Part 1, step: 1 for x ≥ 0",
              hint="Return 1 where the input is at least 0.",
              beyond=lambda sub, ref: [agrees(sub, ref, "step", x)
                                       for x in term_values("step beyond", 3, 2.0)])
def step_of_a_half(sub, ref):
    worked(sub, "step", 0.5, want=1.0)


@checks.check(part=1, points=3, title="step matches the reference on arrays", hidden=True,
              lecture="Part 1, step: elementwise, 1 at x = 0", hint="Compare with >= 0.")
def step_matches_reference(sub, ref):
    search(lambda: vectors(), lambda x: agrees_elementwise(sub, ref, "step", x, element="step"))


def predicted(sub, w, b, x) -> float:
    text = f"Perceptron with w={fmt(w)}, b={fmt(b)}: predict({fmt(x)})"
    with calling(text):
        return as_float(sub.method(sub.build("Perceptron", {"w": w, "b": b}, (len(w),)),
                                   "predict", x)), text


@checks.check(part=2, points=2, title="predict([2, 1]) = 1 with w = [1, -1], b = 0",
              lecture="Part 2, prediction: step(w · x + b) = step(2 − 1) = 1",
              hint="Take the dot product, add the bias, then apply step.")
def predict_worked(sub, ref):
    got, text = predicted(sub, np.array([1.0, -1.0]), 0.0, np.array([2.0, 1.0]))
    expect_close(got, 1.0, text)


@checks.check(part=2, points=3, title="predict matches the reference", hidden=True,
              lecture="Part 2, prediction: step(w · x + b)", hint="Add the bias before step.")
def predict_matches_reference(sub, ref):
    def body(example):
        w, b, x = example
        got, text = predicted(sub, w, b, x)
        expect_close(got, predicted(ref, w, b, x)[0], text)
    search(lambda: vectors(2).flatmap(lambda w: st.tuples(st.just(w), st.integers(-2, 2).map(
        float), vectors(2))), body)


def prescribed(ref, X, y, learn_rate, epochs):
    """The perceptron rule's steps with the reference's predict: (rows, the end)."""
    def gradient(params, sample):
        x, target = sample
        error = target - predicted(ref, params[0], params[1], x)[0]
        return [-error * np.asarray(x), -error]

    def row(params, sample, grads):
        return [sample[0]], [params[0], params[1]], predicted(ref, params[0], params[1],
                                                               sample[0])[0]
    return descend([np.zeros(2), 0.0], list(zip(X, y)), epochs, learn_rate, gradient, row)


@checks.check(part=3, points=5, title="train follows the perceptron rule", hidden=True,
              lecture=RULE, hint="Update after each sample, by η (y − ŷ), with ŷ from predict.")
def train_follows_the_rule(sub, ref):
    def body(example):
        X, y, learn_rate, epochs = example
        rows, after = prescribed(ref, X, y, learn_rate, epochs)
        text = f"train({fmt(np.array(X))}, {fmt(np.array(y))}, {fmt(learn_rate)}, {epochs})"
        with calling(text):
            net = sub.build("Perceptron", {"w": np.zeros(2), "b": 0.0}, (2,))
            table = sub.lend(net, "predict", ["w", "b"], rows)
        with told_where_it_parts(table), calling(text):
            sub.method(net, "train", np.array(X), np.array(y), learn_rate, epochs)
            got = sub.get(net, ["w", "b"])
            expect_same({"w": as_any_array(got["w"]).ravel(), "b": as_float(got["b"])},
                        {"w": after[-1][0], "b": after[-1][1]}, f"after {text}",
                        what="parameters", **GRADIENTS)
    samples = st.integers(1, 4).flatmap(lambda n: st.tuples(
        st.lists(st.lists(st.integers(-2, 2).map(float), min_size=2, max_size=2),
                 min_size=n, max_size=n),
        st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n)))
    search(lambda: samples.flatmap(lambda d: st.tuples(st.just(d[0]), st.just(d[1]),
                                                      st.sampled_from([0.5, 1.0]),
                                                      st.integers(1, 3))), body, examples=15)


@checks.check(part=3, points=3, title="train learns AND with no mistake in its last epoch",
              lecture=f"{RULE}; AND is separable, so the rule converges",
              hint="Count the samples whose prediction was wrong in each epoch.",
              earned_by=("train_follows_the_rule",))
def train_learns_and(sub, ref):
    text = "Perceptron(2).train(AND's four samples, learn_rate=1, epochs=10)"
    with calling(text):
        net = sub.new("Perceptron", 2)
        mistakes = as_float_list(sub.method(net, "train", *map(np.array, AND), 1.0, 10), 10)
    expect_close(mistakes[-1], 0.0, f"{text}: the mistakes of the last epoch")


PERCEPTRON = Assignment(name="perceptron", title="A perceptron, for the engine's tests",
                        parts={1: "The step", 2: "Prediction", 3: "Training"},
                        checks=checks.in_order(), reference=HERE / "perceptron.py",
                        release=HERE / "release.py",
                        lends={2: (Lend("step", 1),),
                               3: (Lend("predict", 2, "Perceptron", ("w", "b")),)})
