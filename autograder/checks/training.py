"""Part 6 — training by stochastic gradient descent: NeuralNetwork.train.

Where it can, a part-6 check judges training against the submission's own parts 4 and 5 (its
own mse_loss and backprop), so that a mistake there is not charged again here.
"""

from .. import lecture
from ..submission import StudentError
from ..values import WrongValue, as_float, as_float_dict, as_float_list, fmt
from .base import Fail, calling, check, close, expect_close, two
from .network_inputs import describe, network, random_networks, read_parameters

STEP = "Part 6, training"
SGD = "for each sample: compute every ∂L/∂p, then p ← p − η · ∂L/∂p"
START = dict(w1=0.3, w2=-0.8, w3=-0.5, w4=0.9, w5=0.7, w6=-0.2, b1=0.1, b2=-0.3, b3=0.2)
DATA_TEXT = "the lecture's four people"


def train(sub, params, data, y_trues, learn_rate, epochs, text):
    """Train a network from `params`; returns (losses, handle)."""
    with calling(text):
        net = network(sub, params)
        losses = as_float_list(sub.method(net, "train", data, y_trues, learn_rate, epochs), epochs)
    return losses, net


def predictions(sub, net, data, text) -> list[float]:
    with calling(text):
        return [as_float(sub.method(net, "feedforward", x)) for x in data]


def mse(y_trues, preds) -> float:
    return sum((y - p) ** 2 for y, p in zip(y_trues, preds)) / len(preds)


def wrong_parameters(got, want, text):
    wrong = [p for p in lecture.PARAMETERS if not close(got[p], want[p], 1e-6, 1e-9)]
    if wrong:
        shown = "; ".join("{0}: got {1}, expected {2}".format(p, *two(got[p], want[p]))
                          for p in wrong[:3]) + ("; …" if len(wrong) > 3 else "")
        raise Fail(f"{text}, these parameters are wrong: {shown}")


@check(part=6, points=5, title="training on the four people lowers the loss",
       lecture=f"{STEP}: {SGD}; the lecture's loss falls towards 0 over 1000 epochs",
       hint="Move each parameter against its gradient (minus sign) and visit every sample "
            "in every epoch.")
def training_lowers_loss(sub, ref):
    text = f"train({DATA_TEXT}, learn_rate=0.1, epochs=200) from {describe(START)}"
    before = mse(lecture.Y_TRUES, predictions(sub, network(sub, START), lecture.DATA,
                                              "feedforward before training"))
    _, net = train(sub, START, lecture.DATA, lecture.Y_TRUES, 0.1, 200, text)
    after = mse(lecture.Y_TRUES, predictions(sub, net, lecture.DATA, "feedforward after training"))
    if not after < 0.5 * before:
        raise Fail(f"{text}: the network's MSE on the four people went from {fmt(before)} to "
                   f"{fmt(after)}; it should fall to well under half")


@check(part=6, points=3, title="train returns the data set's MSE after each epoch",
       lecture=f"{STEP}: after each epoch, record the MSE over the whole data set",
       hint="Append one loss per epoch, after the epoch's updates, computed with mse_loss "
            "over the predictions for all samples (not only the last one).")
def train_returns_loss_per_epoch(sub, ref):
    text = f"train({DATA_TEXT}, learn_rate=0.1, epochs=3) from {describe(START)}"
    losses, net = train(sub, START, lecture.DATA, lecture.Y_TRUES, 0.1, 3, text)
    preds = predictions(sub, net, lecture.DATA, "feedforward after training")
    want = mse(lecture.Y_TRUES, preds)
    if close(losses[-1], want):
        return
    try:   # the submission's own mse_loss counts too: its mistakes are part 4's, not this one's
        own = as_float(sub.call("mse_loss", list(lecture.Y_TRUES), preds))
    except (StudentError, WrongValue):
        own = None
    if own is None or not close(losses[-1], own):
        expect_close(losses[-1], want, f"{text}: the last of the losses it returned")


@check(part=6, points=6, title="one SGD step moves every parameter by −η · ∂L/∂p",
       lecture=f"{STEP}: {SGD}",
       hint="Compute all nine partial derivatives before changing any parameter, and "
            "subtract learn_rate times each one.", hidden=True)
def sgd_step_follows_the_gradient(sub, ref):
    x, y_true = [1.2, -0.7], 1.0
    for params, learn_rate in zip(random_networks("sgd-step", 3), (0.5, 0.1, 1.3)):
        text = (f"after train([[1.2, -0.7]], [1], learn_rate={learn_rate}, epochs=1) "
                f"from {describe(params)}")
        try:   # the step is judged against the submission's own gradients where it has them
            grads = as_float_dict(sub.method(network(sub, params), "backprop", x, y_true),
                                  lecture.PARAMETERS)
        except (StudentError, WrongValue):
            grads = as_float_dict(ref.method(network(ref, params), "backprop", x, y_true),
                                  lecture.PARAMETERS)
        _, net = train(sub, params, [x], [y_true], learn_rate, 1, text)
        got = read_parameters(sub, net, text)
        want = {p: params[p] - learn_rate * grads[p] for p in lecture.PARAMETERS}
        wrong_parameters(got, want, text)


@check(part=6, points=6, title="30 epochs on the lecture's data end where the reference ends",
       lecture=f"{STEP}: {SGD}, samples in the given order, once per epoch",
       hint="Visit the samples in the given order, once per epoch, and honour learn_rate and "
            "epochs.", hidden=True)
def training_matches_reference(sub, ref):
    params = random_networks("trajectory", 1)[0]
    text = f"after train({DATA_TEXT}, learn_rate=0.05, epochs=30) from {describe(params)}"
    _, net = train(sub, params, lecture.DATA, lecture.Y_TRUES, 0.05, 30, text)
    _, ref_net = train(ref, params, lecture.DATA, lecture.Y_TRUES, 0.05, 30, text)
    wrong_parameters(read_parameters(sub, net, text), read_parameters(ref, ref_net, text), text)
