"""Part 6 — training by stochastic gradient descent: NeuralNetwork.train."""

from .. import lecture
from ..values import as_float, as_float_list, fmt
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


def data_mse(sub, net, data, y_trues, text) -> float:
    """The MSE of the network on the data, computed here from its feedforward."""
    with calling(text):
        preds = [as_float(sub.method(net, "feedforward", x)) for x in data]
    return sum((y - p) ** 2 for y, p in zip(y_trues, preds)) / len(preds)


@check(part=6, points=5, title="training on the four people lowers the loss",
       lecture=f"{STEP}: {SGD}; the lecture's loss falls towards 0 over 1000 epochs",
       hint="Move each parameter against its gradient (minus sign) and visit every sample "
            "in every epoch.")
def training_lowers_loss(sub, ref):
    text = f"train({DATA_TEXT}, learn_rate=0.1, epochs=200) from {describe(START)}"
    losses, _ = train(sub, START, lecture.DATA, lecture.Y_TRUES, 0.1, 200, text)
    if not losses[-1] < 0.5 * losses[0]:
        raise Fail(f"{text}: the loss went from {fmt(losses[0])} after epoch 1 to "
                   f"{fmt(losses[-1])} after epoch 200; it should fall to well under half")


@check(part=6, points=3, title="train returns the data set's MSE after each epoch",
       lecture=f"{STEP}: after each epoch, record the MSE over the whole data set",
       hint="Append one loss per epoch, after the epoch's updates, computed with mse_loss "
            "over all samples (not only the last one).")
def train_returns_loss_per_epoch(sub, ref):
    text = f"train({DATA_TEXT}, learn_rate=0.1, epochs=3) from {describe(START)}"
    losses, net = train(sub, START, lecture.DATA, lecture.Y_TRUES, 0.1, 3, text)
    want = data_mse(sub, net, lecture.DATA, lecture.Y_TRUES, "feedforward after training")
    expect_close(losses[-1], want, f"{text}: the last loss", rel=1e-6)


@check(part=6, points=6, title="one SGD step matches the reference",
       lecture=f"{STEP}: {SGD}",
       hint="Compute all nine partial derivatives before changing any parameter, and "
            "subtract learn_rate times each one.", hidden=True)
def sgd_step_matches_reference(sub, ref):
    for params, learn_rate in zip(random_networks("sgd-step", 3), (0.5, 0.1, 1.3)):
        x, y_true = [[1.2, -0.7]], [1.0]
        text = (f"train([[1.2, -0.7]], [1], learn_rate={learn_rate}, epochs=1) "
                f"from {describe(params)}")
        _, net = train(sub, params, x, y_true, learn_rate, 1, text)
        got = read_parameters(sub, net, f"after {text}")
        _, ref_net = train(ref, params, x, y_true, learn_rate, 1, text)
        want = read_parameters(ref, ref_net, text)
        wrong = [p for p in lecture.PARAMETERS if not close(got[p], want[p], 1e-6, 1e-9)]
        if wrong:
            shown = "; ".join("{0}: got {1}, expected {2}".format(p, *two(got[p], want[p]))
                              for p in wrong)
            raise Fail(f"after {text}, these parameters are wrong: {shown}")


@check(part=6, points=6, title="the loss trajectory matches the reference",
       lecture=f"{STEP}: {SGD}, samples in the given order, the MSE after each epoch",
       hint="Visit the samples in order, once per epoch, and honour learn_rate and epochs.",
       hidden=True)
def trajectory_matches_reference(sub, ref):
    params = random_networks("trajectory", 1)[0]
    text = f"train({DATA_TEXT}, learn_rate=0.05, epochs=30) from {describe(params)}"
    got, _ = train(sub, params, lecture.DATA, lecture.Y_TRUES, 0.05, 30, text)
    want, _ = train(ref, params, lecture.DATA, lecture.Y_TRUES, 0.05, 30, text)
    for epoch, (g, w) in enumerate(zip(got, want), start=1):
        if not close(g, w, 1e-5, 1e-9):
            a, b = two(g, w)
            raise Fail(f"{text}: the loss after epoch {epoch} is {a}, expected {b}")
