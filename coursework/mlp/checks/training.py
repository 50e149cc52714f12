"""Part 5 — training with mini-batch gradient descent: MLP.train(X, Y, learn_rate, epochs,
batch_size).

The step checks (5.2, 5.3) judge `train` on its own: its network is lent a `backprop` that
answers the reference's gradients along the steps mini-batch gradient descent prescribes
(`autograder/submission/lent.py`), so a mistake in part 4 is not charged again here and a train that
changes nothing is never "consistent". Training is measured with the reference's forward.
"""

import numpy as np

from autograder.authoring import (Fail, GRADIENTS, StudentError, WrongValue, as_any_array,
                                 as_float, as_float_list, calling, close, descend, expect_same,
                                 fmt, reference_output, told_where_it_parts, two)

from .. import lecture
from .backprop import gradients
from .common import describe, network, read_parameters
from .registry import checks
from .strategies import STEPS, search, steps, term_rng

STEP = "Part 5, training"
GD = ("for each batch of batch_size consecutive rows: compute every gradient of the batch's "
      "MSE, then p ← p − η · ∂L/∂p")
START = [np.array([[0.3, -0.5], [-0.8, 0.9]]), np.array([[0.7], [-0.2]])]
START_B = [np.array([0.1, -0.3]), np.array([0.2])]


def reference_train(ref, sizes, acts, weights, biases, X, Y, learn_rate, epochs, batch_size):
    """The prescribed steps, a batch of `batch_size` consecutive rows at a time (the last one
    shorter), with the reference's backprop: (the rows a lent backprop answers from: each
    batch, the parameters then, the gradients; the parameters [W, b] after each epoch)."""
    batches = [(X[start:start + batch_size], Y[start:start + batch_size])
               for start in range(0, len(X), batch_size)]

    def gradient(params, batch):
        return gradients(ref, sizes, acts, *params, *batch, "the reference's backprop")

    def row(params, batch, grads):
        return list(batch), list(params), grads
    start = [[w.copy() for w in weights], [v.copy() for v in biases]]
    return descend(start, batches, epochs, learn_rate, gradient, row)


def reference_trained(ref, sizes, acts, weights, biases, X, Y, learn_rate, epochs, batch_size):
    """The reference's parameters [W, b] after this training: computed once per reference
    version and kept between runs (`reference_output`)."""
    def compute():
        _, after = reference_train(ref, sizes, acts, weights, biases, X, Y, learn_rate, epochs,
                                   batch_size)
        return [[w.tolist() for w in after[-1][0]], [v.tolist() for v in after[-1][1]]]

    key = (f"mlp-trained-{sizes}-{acts}-{[w.tolist() for w in weights]}-"
           f"{[v.tolist() for v in biases]}-{np.asarray(X).tolist()}-{np.asarray(Y).tolist()}-"
           f"{learn_rate}-{epochs}-{batch_size}")
    got = reference_output(ref, key, compute, lambda got: isinstance(got, list) and len(got) == 2)
    return [np.array(w, dtype=float) for w in got[0]], [np.array(v, dtype=float) for v in got[1]]


def train(sub, sizes, acts, weights, biases, X, Y, args, text, lent_rows=None):
    """`train(X, Y, *args)` on a fresh network (lent `lent_rows` as its backprop when given):
    (its losses, its network, the grader's table of the lent steps or None)."""
    with calling(text):
        net = network(sub, sizes, acts, weights, biases)
    table = None
    if lent_rows is not None:
        try:
            table = sub.lend(net, "backprop", ["weights", "biases"], lent_rows)
        except StudentError:
            pass                  # an object that refuses the loan trains with its own
    with told_where_it_parts(table), calling(text):
        losses = as_float_list(sub.method(net, "train", X, Y, *args),
                               args[1] if len(args) > 1 else None)
    return losses, net, table


def measured_mse(ref, sizes, acts, weights, biases, X, Y) -> float:
    with calling("the reference's forward"):
        out = ref.method(network(ref, sizes, acts, weights, biases), "forward", X)
    pred = as_any_array(out)
    return float(np.mean((Y - pred) ** 2))


def _other_start(purpose: str = "training beyond"):
    """Weights and biases of this term (`term_rng`) for the lecture's 2-2-1 network."""
    rng = term_rng(purpose)

    def draw(*shape):
        return np.round(rng.uniform(-1.0, 1.0, shape), 2)
    return [draw(2, 2), draw(2, 1)], [draw(2), draw(1)]


def _lowers_loss(sub, ref, weights, biases):
    sizes, acts = lecture.ARCHITECTURE
    X, Y = lecture.PEOPLE_X, lecture.PEOPLE_Y
    text = (f"{describe(sizes, acts)}.train(the four people, learn_rate=0.1, epochs=100, "
            f"batch_size=1) from weights {fmt(weights)}")
    owner = ref if ref is not None else sub
    _, net, _ = train(sub, sizes, acts, weights, biases, X, Y, (0.1, 100, 1), text)  # its own
    before = measured_mse(owner, sizes, acts, weights, biases, X, Y)
    trained = read_parameters(sub, net, sizes, f"after {text}")
    after = measured_mse(owner, sizes, acts, *trained, X, Y)
    if not after < 0.5 * before:
        raise Fail(f"{text}: the MSE on the four people went from {fmt(before)} to "
                   f"{fmt(after)}; it should fall to well under half")


@checks.check(part=5, points=5, title="training on the four people lowers the loss",
              lecture=f"{STEP}: {GD}; with batch_size=1 on the lecture's network it is the "
                      "lecture's SGD, and the loss falls",
              hint="Move each parameter against its gradient (minus sign), once per batch, "
                   "over every batch of every epoch.",
              beyond=lambda sub, ref: _lowers_loss(sub, ref, *_other_start()),
              earned_by=("train_follows_gradient_descent",))
def training_lowers_loss(sub, ref):
    _lowers_loss(sub, ref, START, START_B)


TAME = 1e4      # past this, the prescribed steps have diverged and float64 rounding decides


def _on_its_own(sub, ref, example):
    """Train on `example` with the reference's gradients lent: (text, losses, network, the
    parameters after each epoch, the grader's table of those steps), or None where gradient descent itself diverges on the
    example (an identity network and a large rate can overflow within two epochs): nothing
    can be judged there, so the example counts as passed."""
    (sizes, acts, weights, biases, X, Y), learn_rate, epochs, batch_size = example
    text = (f"{describe(sizes, acts)}.train({fmt(X)}, {fmt(Y)}, learn_rate={fmt(learn_rate)}, "
            f"epochs={epochs}, batch_size={batch_size}) from weights {fmt(weights)}, its "
            "backprop answering the right gradients")
    try:
        rows, after = reference_train(ref, sizes, acts, weights, biases, X, Y, learn_rate,
                                      epochs, batch_size)
    except Fail:                     # the reference's own gradients overflowed on the way
        return None
    if not all(np.all(np.abs(p) < TAME) for W, b in after for p in (*W, *b)):
        return None
    losses, net, table = train(sub, sizes, acts, weights, biases, X, Y,
                               (learn_rate, epochs, batch_size), text, rows)
    return text, losses, net, after, table


@checks.check(part=5, points=6, title="train follows mini-batch gradient descent, the last "
              "batch partial", lecture=f"{STEP}: {GD}; the samples in the given order, the last "
              "batch smaller when the rows do not divide evenly",
              hint="Step through the rows with range(0, n, batch_size) and slice X[start:start + "
                   "batch_size]: the last slice is simply shorter. Update only after the batch's "
                   "gradients are computed.", hidden=True)
def train_follows_gradient_descent(sub, ref):
    def body(example):
        found = _on_its_own(sub, ref, example)
        if found is None:
            return
        text, _, net, after, table = found
        sizes = example[0][0]
        got_w, got_b = read_parameters(sub, net, sizes, f"after {text}")
        want_w, want_b = after[-1]
        with told_where_it_parts(table):
            expect_same({"weights": got_w, "biases": got_b}, {"weights": want_w, "biases": want_b},
                        f"after {text}", what="parameters", **GRADIENTS)

    search(steps, body, examples=13, cases=STEPS)


@checks.check(part=5, points=3, title="train returns the data set's MSE after each epoch",
              lecture=f"{STEP}: after each epoch, the MSE over the whole data set",
              hint="Append one loss per epoch, after its updates, computed over all the rows "
                   "with the updated network.", hidden=True,
              earned_by=("train_follows_gradient_descent",))
def train_returns_loss_per_epoch(sub, ref):
    def body(example):
        (sizes, acts, _, _, X, Y) = example[0]
        found = _on_its_own(sub, ref, example)
        if found is None:
            return
        text, losses, _, after, _ = found
        for epoch, (loss, (w, b)) in enumerate(zip(losses, after), start=1):
            want = measured_mse(ref, sizes, acts, w, b, X, Y)
            if not close(loss, want, **GRADIENTS) and not _own_mse(sub, ref, loss, sizes,
                                                                    acts, w, b, X, Y):
                a, b_ = two(loss, want)
                raise Fail(f"{text}: the loss it returned for epoch {epoch} is {a}, but the "
                           f"data set's MSE after that epoch is {b_}")

    search(steps, body, examples=8, cases=STEPS)


def _own_mse(sub, ref, loss, sizes, acts, weights, biases, X, Y) -> bool:
    """The loss computed with the submission's own mse_loss (a part-3 mistake is not charged
    again here)."""
    try:
        out = ref.method(network(ref, sizes, acts, weights, biases), "forward", X)
        pred = as_any_array(out)
        return close(loss, as_float(sub.call("mse_loss", Y, pred)), **GRADIENTS)
    except (StudentError, WrongValue):
        return False


def _like_reference(sub, ref, args, text):
    sizes, acts = lecture.ARCHITECTURE
    X, Y = lecture.PEOPLE_X, lecture.PEOPLE_Y
    learn_rate, epochs, batch_size = (0.1, 100, 1) if not args else args
    weights, biases = _other_start(text)
    text = f"{text} from weights {fmt(weights)}"
    want_w, want_b = reference_trained(ref, sizes, acts, weights, biases, X, Y, learn_rate,
                                       epochs, batch_size)
    _, net, _ = train(sub, sizes, acts, weights, biases, X, Y, args, text)
    got_w, got_b = read_parameters(sub, net, sizes, f"after {text}")
    expect_same({"weights": got_w, "biases": got_b}, {"weights": want_w, "biases": want_b},
                f"after {text}", what="parameters", **GRADIENTS)


@checks.check(part=5, points=4, title="20 epochs in batches of 3 end where the reference ends",
              lecture=f"{STEP}: {GD}, with the network's own backprop",
              hint="Honour learn_rate, epochs and batch_size; visit the rows in order.",
              hidden=True)
def training_matches_reference(sub, ref):
    _like_reference(sub, ref, (0.05, 20, 3),
                    "MLP([2, 2, 1]).train(the four people, learn_rate=0.05, epochs=20, "
                    "batch_size=3)")


@checks.check(part=5, points=2, title="train's defaults are learn_rate=0.1, epochs=100, "
              "batch_size=1", lecture=f"{STEP}: train(X, Y, learn_rate=0.1, epochs=100, "
              "batch_size=1), as in the contract",
              hint="Keep the signature's default values as the contract writes them.",
              hidden=True)
def train_defaults(sub, ref):
    _like_reference(sub, ref, (), "MLP([2, 2, 1]).train(the four people) with the defaults")
