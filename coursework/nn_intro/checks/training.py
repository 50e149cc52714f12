"""Part 6 — training by stochastic gradient descent: NeuralNetwork.train.

The step checks (6.3, 6.4) judge `train` on its own: its network is lent a `backprop` that
answers the reference's gradients along the steps SGD prescribes (`lent.py`), and train must
end where those steps end. A mistake in part 5 is not charged again there, and a train that
changes nothing is never "consistent" with a backprop that computes nothing. A loss list may
be computed with the submission's own feedforward and mse_loss (parts 3 and 4).
"""

import numpy as np

from autograder.authoring import (Fail, GRADIENTS, StudentError, WrongValue, as_float,
                                 as_float_dict, as_float_list, calling, close, descend,
                                 expect_same, fmt, reference_output, told_where_it_parts, two)

from .. import lecture
from .network_inputs import describe, network, read_parameters
from .registry import checks
from .strategies import datasets, learning_rates, parameters, samples, search, st, term_values

STEP = "Part 6, training"
# An end state (a loss that fell, people told apart) is also reached by a train that sets fixed
# parameters and does no work: those checks count only when the steps themselves are right.
STEPS = ("sgd_step_follows_the_gradient", "train_follows_sgd")
SGD = "for each sample: compute every ∂L/∂p, then p ← p − η · ∂L/∂p"
START = dict(w1=0.3, w2=-0.8, w3=-0.5, w4=0.9, w5=0.7, w6=-0.2, b1=0.1, b2=-0.3, b3=0.2)
DATA_TEXT = "the lecture's four people"


def lecture_arrays():
    """The lecture's data set as the contract passes it to train: an (n, 2) array and an
    array of labels (as the lecture's own code builds them)."""
    return np.array(lecture.DATA), np.array(lecture.Y_TRUES)


def train(sub, params, data, y_trues, learn_rate, epochs, text):
    """Train a network from `params`; returns (losses, handle)."""
    with calling(text):
        net = network(sub, params)
        losses = as_float_list(sub.method(net, "train", data, y_trues, learn_rate, epochs), epochs)
    return losses, net


def predictions(sub, net, data, text) -> list[float]:
    """The submission's own feedforward on each sample."""
    with calling(text):
        return [as_float(sub.method(net, "feedforward", x)) for x in data]


def measured(sub, ref, net, data, text) -> list[float]:
    """The reference's feedforward with the submission's trained parameters: how good the
    training is, whatever the submission's own feedforward (part 3) does."""
    params = read_parameters(sub, net, text)
    ref_net = network(ref, params)
    return [as_float(ref.method(ref_net, "feedforward", x)) for x in data]


def mse(y_trues, preds) -> float:
    return sum((y - p) ** 2 for y, p in zip(y_trues, preds)) / len(preds)


LOWERING_EPOCHS = 100     # the reference's MSE falls to 0.13 of the start's from START, and to
                          # 0.25 at most from 400 terms' starts (`beyond`): under half, with room


def _lowers_loss(sub, ref, start):
    text = f"train({DATA_TEXT}, learn_rate=0.1, epochs={LOWERING_EPOCHS}) from {describe(start)}"
    # first: the part's own
    _, net = train(sub, start, *lecture_arrays(), 0.1, LOWERING_EPOCHS, text)
    before = mse(lecture.Y_TRUES, measured(sub, ref_or_self(sub, ref), network(sub, start),
                                           lecture.DATA, "before training"))
    after = mse(lecture.Y_TRUES, measured(sub, ref_or_self(sub, ref), net, lecture.DATA,
                                          f"after {text}"))
    if not after < 0.5 * before:
        raise Fail(f"{text}: the network's MSE on the four people went from {fmt(before)} to "
                   f"{fmt(after)}; it should fall to well under half")


@checks.check(part=6, points=5, title="training on the four people lowers the loss",
       lecture=f"{STEP}: {SGD}; the lecture's loss falls towards 0 over 1000 epochs",
       hint="Move each parameter against its gradient (minus sign) and visit every sample "
            "in every epoch.", beyond=lambda sub, ref: _lowers_loss(sub, ref, dict(zip(
                lecture.PARAMETERS, term_values("training beyond", 9, 1.0)))),
       earned_by=STEPS)
def training_lowers_loss(sub, ref):
    _lowers_loss(sub, ref, START)


@checks.check(part=6, points=3, title="train returns the data set's MSE after each epoch",
       lecture=f"{STEP}: after each epoch, record the MSE over the whole data set",
       hint="Append one loss per epoch, after the epoch's updates, computed with mse_loss "
            "over the predictions for all samples (not only the last one).",
       earned_by=("sgd_step_follows_the_gradient", "train_follows_sgd"))
def train_returns_loss_per_epoch(sub, ref):
    text = f"train({DATA_TEXT}, learn_rate=0.1, epochs=3) from {describe(START)}"
    losses, net = train(sub, START, *lecture_arrays(), 0.1, 3, text)
    preds = predictions(sub, net, lecture.DATA, "feedforward after training")
    want = mse(lecture.Y_TRUES, preds)
    if not _is_the_loss(sub, losses[-1], lecture.Y_TRUES, preds) and not close(losses[-1], want):
        got, want = two(losses[-1], want)
        raise Fail(f"{text}: the last loss it returned is {got}, but the MSE of its own "
                   f"predictions for the four people after training is {want}")


def reference_trained(ref, params, data, y_trues, learn_rate, epochs) -> dict[str, float]:
    """The reference's parameters after this training on fixed inputs: computed once per
    reference version and kept in `disk_cache` (1000 epochs of the reference are not free)."""
    def compute():
        _, net = train(ref, params, np.array(data), np.array(y_trues), learn_rate, epochs, "")
        return read_parameters(ref, net, "the reference")

    return reference_output(
        ref, f"trained-{sorted(params.items())}-{list(data)}-{list(y_trues)}-{learn_rate}-{epochs}",
        compute, lambda got: isinstance(got, dict) and set(got) == set(lecture.PARAMETERS))


def ref_or_self(sub, ref):
    """Public checks run without the reference (students' pytest): then the submission's own
    feedforward measures its training."""
    return ref if ref is not None else sub


def trajectory(ref, params, data, y_trues, learn_rate, epochs):
    """SGD as the lecture states it, one sample a step, with the reference's backprop: (the
    rows a lent backprop answers from: each call's arguments, the parameters then and the
    gradients; the parameters after each epoch)."""
    def gradient(params, sample):
        x, y_true = sample
        return as_float_dict(ref.method(network(ref, params), "backprop", np.array(x), y_true),
                             lecture.PARAMETERS)

    def row(params, sample, grads):
        x, y_true = sample
        return [*map(float, x), float(y_true)], [params[p] for p in lecture.PARAMETERS], grads
    return descend(dict(params), list(zip(data, y_trues)), epochs, learn_rate, gradient, row)


def train_on_its_own(sub, ref, params, data, y_trues, learn_rate, epochs, text):
    """`train` on a network lent the reference's backprop along the prescribed steps: (its
    losses, its network, the parameters after each prescribed epoch, the grader's table, which
    tells where train's steps left the prescribed ones). A network that refuses the loan (its
    own __setattr__) trains with its own backprop."""
    rows, after_each_epoch = trajectory(ref, params, data, y_trues, learn_rate, epochs)
    with calling(text):
        net = network(sub, params)
    try:
        table = sub.lend(net, "backprop", list(lecture.PARAMETERS), rows)
    except StudentError:
        table = None
    with told_where_it_parts(table), calling(text):
        got = sub.method(net, "train", np.array(data), np.array(y_trues), learn_rate, epochs)
        losses = as_float_list(got, epochs)
    return losses, net, after_each_epoch, table


def _is_the_loss(sub, got: float, y_trues, preds, measured_preds=None) -> bool:
    """The MSE of these predictions (the submission's own, or measured with the reference's
    feedforward), computed here or by the submission's own mse_loss: mistakes in parts 3 and 4
    are not charged again here."""
    candidates = [p for p in (preds, measured_preds) if p is not None]
    if any(close(got, mse(y_trues, p), **GRADIENTS) for p in candidates):
        return True
    try:
        return preds is not None and close(
            got, as_float(sub.call("mse_loss", list(y_trues), preds)), **GRADIENTS)
    except (StudentError, WrongValue):
        return False


@checks.check(part=6, points=3, title="one SGD step moves every parameter by −η · ∂L/∂p",
       lecture=f"{STEP}: {SGD}",
       hint="Compute all nine partial derivatives before changing any parameter, and "
            "subtract learn_rate times each one.", hidden=True)
def sgd_step_follows_the_gradient(sub, ref):
    def body(example):
        params, (x, y_true), learn_rate = example
        text = (f"after train({fmt(np.array([x]))}, {fmt(np.array([y_true]))}, "
                f"learn_rate={fmt(learn_rate)}, epochs=1) from {describe(params)}, its "
                "backprop answering the right gradients")
        _, net, after, table = train_on_its_own(sub, ref, params, [x], [y_true], learn_rate, 1,
                                                text)
        with told_where_it_parts(table):
            expect_same(read_parameters(sub, net, text), after[-1], text, what="parameters",
                        **GRADIENTS)

    search(lambda: st.tuples(parameters(), samples(), learning_rates()), body, examples=10)


@checks.check(part=6, points=3, title="train follows SGD on random data sets, rates and epochs",
       lecture=f"{STEP}: {SGD}; each epoch visits the samples in the given order, then records "
               "the whole data set's MSE",
       hint="Honour learn_rate and epochs, visit the samples in order (no shuffling), update "
            "only after computing all nine partials, and record the loss after each epoch.",
       hidden=True)
def train_follows_sgd(sub, ref):
    def body(example):
        params, dataset, learn_rate, epochs = example
        data = [x for x, _ in dataset]
        y_trues = [y for _, y in dataset]
        text = (f"train({fmt(np.array(data))}, {fmt(np.array(y_trues))}, learn_rate="
                f"{fmt(learn_rate)}, epochs={epochs}) from {describe(params)}, its backprop "
                "answering the right gradients")
        losses, net, after_each_epoch, table = train_on_its_own(sub, ref, params, data, y_trues,
                                                                learn_rate, epochs, text)
        with told_where_it_parts(table):
            expect_same(read_parameters(sub, net, f"after {text}"), after_each_epoch[-1],
                        f"after {text}", what="parameters", **GRADIENTS)
        for epoch, (loss, params_then) in enumerate(zip(losses, after_each_epoch), start=1):
            then = network(sub, params_then)
            try:
                own = predictions(sub, then, data, "feedforward")
            except Fail:
                own = None
            preds = measured(sub, ref, then, data, "feedforward")
            if not _is_the_loss(sub, loss, y_trues, own, preds):
                a, b = two(loss, mse(y_trues, preds))
                raise Fail(f"{text}: the loss it returned for epoch {epoch} is {a}, but the "
                           f"data set's MSE after that epoch is {b}")

    search(lambda: st.tuples(parameters(), datasets(), learning_rates(), st.integers(1, 3)),
           body, examples=10)


@checks.check(part=6, points=2, title="30 epochs on the lecture's data end where the reference ends",
       lecture=f"{STEP}: {SGD}, samples in the given order, once per epoch",
       hint="Visit the samples in the given order, once per epoch, and honour learn_rate and "
            "epochs.", hidden=True)
def training_matches_reference(sub, ref):
    params = dict(zip(lecture.PARAMETERS, term_values("training like the reference", 9, 1.2)))
    text = f"after train({DATA_TEXT}, learn_rate=0.05, epochs=30) from {describe(params)}"
    _, net = train(sub, params, *lecture_arrays(), 0.05, 30, text)
    expect_same(read_parameters(sub, net, text),
                reference_trained(ref, params, lecture.DATA, lecture.Y_TRUES, 0.05, 30), text,
                what="parameters", **GRADIENTS)


CLASSIFY_EPOCHS = 150     # enough to separate all six (the reference: 0.85 to 0.91 for the
                          # women, 0.18 for the men); the lecture's 1000 epochs tell no more


@checks.check(part=6, points=3, title="the trained network tells the four people, Emily and Frank apart",
       lecture=f"{STEP}: after training, Emily (−7, −3) comes out female and Frank (20, 2) male "
               "(the lecture's 0.95 and 0.04 after 1000 epochs)",
       hint="If the loss falls but predictions stay near 0.5, check that every parameter is "
            "updated, every epoch, for every sample.", hidden=True, earned_by=STEPS)
def trained_network_classifies(sub, ref):
    text = (f"train({DATA_TEXT}, learn_rate=0.1, epochs={CLASSIFY_EPOCHS}) from "
            f"{describe(START)}")
    _, net = train(sub, START, *lecture_arrays(), 0.1,
                   CLASSIFY_EPOCHS, text)
    people = {**lecture.PEOPLE, **lecture.UNSEEN}
    preds = measured(sub, ref, net, [list(x) for x, _ in people.values()], f"after {text}")
    wrong = [f"{name}: {fmt(p)}" for (name, (_, y)), p in zip(people.items(), preds)
             if (p > 0.5) != (y == 1.0)]
    if wrong:
        raise Fail(f"after {text}, these people are on the wrong side of 0.5 "
                   f"(1 = female, 0 = male): {', '.join(wrong)}")


@checks.check(part=6, points=1, title="train's defaults are learn_rate=0.1 and epochs=1000",
       lecture=f"{STEP}: train(data, all_y_trues, learn_rate=0.1, epochs=1000), as in the "
               "contract",
       hint="Keep the signature's default values as the contract writes them.", hidden=True,
       earned_by=STEPS)
def train_defaults(sub, ref):
    """Judged against the submission's own train with the defaults written out (unless it
    ends where the reference's does): the defaults are this check's subject, so a mistake
    elsewhere (backprop's) does not show here."""
    data, y_trues = np.array([lecture.ALICE_X]), np.array([lecture.ALICE_Y])
    start = dict(zip(lecture.PARAMETERS, term_values("train defaults", 9, 1.0)))
    text = (f"train({fmt(data)}, {fmt(y_trues)}) with the default learn_rate and epochs, from "
            f"{describe(start)}")
    with calling(text):
        net = network(sub, start)
        losses = as_float_list(sub.method(net, "train", data, y_trues), finite=False)
    if len(losses) != 1000:
        raise Fail(f"{text} returned {len(losses)} losses: it ran {len(losses)} epochs, "
                   "expected the default 1000")
    got = read_parameters(sub, net, f"after {text}", finite=False)
    if ref is not None and all(close(got[p], want, **GRADIENTS) for p, want in reference_trained(
            ref, start, data.tolist(), y_trues.tolist(), 0.1, 1000).items()):
        return                      # where the reference's defaults end: nothing to compare
    spelled = f"train({fmt(data)}, {fmt(y_trues)}, learn_rate=0.1, epochs=1000)"
    with calling(f"{spelled} from the same start"):
        written_out = network(sub, start)
        sub.method(written_out, "train", data, y_trues, 0.1, 1000)
    want = read_parameters(sub, written_out, f"after {spelled}", finite=False)
    if want == start:
        raise Fail(f"{spelled} changed no parameter, so no default can be told from another")
    expect_same(got, want, f"after {text}, compared with {spelled},", what="parameters",
                **GRADIENTS)
