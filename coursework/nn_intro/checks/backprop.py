"""Part 5 — backpropagation: NeuralNetwork.backprop(x, y_true)."""

import numpy as np

from autograder.authoring import (Fail, GRADIENTS, H, THRESHOLD, as_float, as_float_dict, calling,
                                 close, expect_close, fmt, off_slope, two)

from .. import lecture
from .network_inputs import describe, network, read_parameters
from .registry import checks
from .network import other_network
from .strategies import parameters, samples, search, st, term_rng

STEP = "Part 5, backpropagation"
CHAIN = "∂L/∂w1 = ∂L/∂y_pred · ∂y_pred/∂h1 · ∂h1/∂w1"
LECTURE_TEXT = "backprop([-2, -1], 1) on the network with all weights 1 and all biases 0"


def partials(sub, params, x, y_true, text):
    with calling(text):
        return as_float_dict(sub.method(network(sub, params), "backprop", np.array(x), y_true),
                             lecture.PARAMETERS)


def call_text(params, x, y_true) -> str:
    """How a backprop call reads in feedback."""
    return f"backprop({fmt(np.array(x))}, {fmt(y_true)}) with {describe(params)}"


def _listed(wrong, got, want, label="∂L/∂{0}: got {1}, expected {2}"):
    return "; ".join(label.format(p, *two(got[p], want[p])) for p in wrong[:3]) + (
        "; …" if len(wrong) > 3 else "")


VALUES = ("backprop_lecture_w1", "backprop_matches_reference", "backprop_gradient_check")
def _w1_beyond(sub, ref):
    params, x = other_network("backprop beyond")
    y_true = float(term_rng("backprop beyond label").integers(2))
    text = f'{call_text(params, x, y_true)}["w1"]'
    got = partials(sub, params, x, y_true, text)["w1"]
    want = partials(ref, params, x, y_true, text)["w1"]
    expect_close(got, want, text, **GRADIENTS)


@checks.check(part=5, points=3, title="backprop returns all nine partial derivatives",
       lecture=f"{STEP}: one partial derivative ∂L/∂p for each of the nine parameters",
       hint='Return a dict with the keys "w1" … "w6" and "b1" … "b3", each a float.',
       earned_by=VALUES)
def backprop_returns_nine_partials(sub, ref):
    partials(sub, lecture.ALL_ONES, lecture.ALICE_X, lecture.ALICE_Y, LECTURE_TEXT)


@checks.check(part=5, points=5, title="∂L/∂w1 = 0.0214 for Alice on the all-ones network",
       lecture=f"{STEP}: {CHAIN} = (−0.952)(0.249)(−2 · 0.0452) = 0.0214",
       hint="Work out the three factors of the chain rule separately and compare them with the "
            "lecture's −0.952, 0.249 and −0.0904.", beyond=_w1_beyond)
def backprop_lecture_w1(sub, ref):
    text = 'backprop([-2, -1], 1)["w1"] on the network with all weights 1 and all biases 0'
    got = partials(sub, lecture.ALL_ONES, lecture.ALICE_X, lecture.ALICE_Y, text)["w1"]
    expect_close(got, lecture.D_L_D_W1, text, rel=1e-5, lecture_value="0.0214")


@checks.check(part=5, points=7, title="all nine partials match the reference on random networks",
       lecture=f"{STEP}: the chain rule for every parameter, e.g. {CHAIN}",
       hint="Evaluate f' at each neuron's input (sum_h1, sum_h2, sum_o1), use each weight in "
            "its own place, and keep the sign of ∂L/∂y_pred = −2(y_true − y_pred).", hidden=True)
def backprop_matches_reference(sub, ref):
    def body(example):
        params, (x, y_true) = example
        text = call_text(params, x, y_true)
        got = partials(sub, params, x, y_true, text)
        want = partials(ref, params, x, y_true, text)
        wrong = [p for p in lecture.PARAMETERS if not close(got[p], want[p], **GRADIENTS)]
        if wrong:
            raise Fail(f"{text} is wrong for {', '.join(wrong)}: {_listed(wrong, got, want)}")

    search(lambda: st.tuples(parameters(), samples()), body, examples=30)


def _loss(owner, params, x, y_true) -> float:
    """L = (y_true − y_pred)², from the owner's feedforward; the loss itself is computed here."""
    y_pred = as_float(owner.method(network(owner, params), "feedforward", np.array(x)))
    return (y_true - y_pred) ** 2


@checks.check(part=5, points=5, title="backprop agrees with central differences of the loss",
       lecture=f"{STEP}: ∂L/∂p is the slope of L = (y_true − y_pred)² as p alone changes",
       hint="For the parameter named in the message, write out its chain of factors from L back "
            "to that parameter and check each one.", hidden=True)
def backprop_gradient_check(sub, ref):
    def body(example):
        params, (x, y_true) = example
        x = [xi / 3 for xi in x]                 # keep σ away from saturation: clean slopes
        text = call_text(params, x, y_true)
        got = partials(sub, params, x, y_true, text)
        # Slopes of the reference's feedforward: a feedforward mistake is part 3's, and a
        # student's own feedforward would only add its rounding to the slopes (a relative error
        # of 1e-7 in L becomes 1e-2 in a slope taken with h = 1e-5).
        points = []
        for p in lecture.PARAMETERS:
            up, down = dict(params), dict(params)
            up[p] += H
            down[p] -= H
            points += [up, down]
        losses = [_loss(ref, q, x, y_true) for q in points]
        want = [(losses[2 * i] - losses[2 * i + 1]) / (2 * H) for i in range(9)]
        wrong = []
        for p, slope in zip(lecture.PARAMETERS, want):
            error = off_slope(got[p], slope)
            if error is not None:
                wrong.append(f"∂L/∂{p}: backprop gave {fmt(got[p])}, central differences give "
                             f"{fmt(slope)} (relative error {error:.2g})")
        if wrong:
            raise Fail(f"{text}: {'; '.join(wrong[:3])}" + ("; …" if len(wrong) > 3 else "")
                       + f" (h = {H:g}, threshold {THRESHOLD:g})")

    search(lambda: st.tuples(parameters(), samples()), body, examples=15)


@checks.check(part=5, points=3, title="backprop leaves the parameters unchanged",
       lecture=f"{STEP}: backprop only computes derivatives; part 6 updates the parameters",
       hint="Compute the partial derivatives into local variables and return them; do not "
            "assign to self.w1 … self.b3 in backprop.", hidden=True, earned_by=VALUES)
def backprop_leaves_parameters(sub, ref):
    def body(example):
        params, (x, y_true) = example
        text = call_text(params, x, y_true)
        with calling(text):
            net = network(sub, params)
            sub.method(net, "backprop", np.array(x), y_true)
        after = read_parameters(sub, net, f"after {text}")
        changed = [p for p in lecture.PARAMETERS if after[p] != params[p]]
        if changed:
            raise Fail(f"{text} changed {', '.join(changed)} (for example {changed[0]} went "
                       f"from {fmt(params[changed[0]])} to {fmt(after[changed[0]])})")

    search(lambda: st.tuples(parameters(), samples()), body, examples=5, shrink=False)


@checks.check(part=5, points=2, title="backprop answers each sample afresh on one network",
       lecture=f"{STEP}: backprop(x, y_true) first does its own feedforward of x, then the "
               "chain rule: its answer depends only on x, y_true and the parameters",
       hint="Compute sum_h1, h1, sum_h2, h2, sum_o1 and o1 from x inside backprop, as the "
            "lecture's code does: values kept from an earlier call (or from feedforward) "
            "belong to another sample.", hidden=True, earned_by=VALUES)
def backprop_answers_each_sample_afresh(sub, ref):
    def body(example):
        params, (x1, y1), (x2, y2) = example
        first, second = f"backprop({fmt(np.array(x1))}, {fmt(y1)})", call_text(params, x2, y2)
        text = f"{second}, asked right after {first} on the same network"
        with calling(text):
            net = network(sub, params)
            sub.method(net, "backprop", np.array(x1), y1)
            got = as_float_dict(sub.method(net, "backprop", np.array(x2), y2), lecture.PARAMETERS)
        fresh = partials(sub, params, x2, y2, second)      # its own answer, on a new network
        wrong = [p for p in lecture.PARAMETERS if not close(got[p], fresh[p], **GRADIENTS)]
        if wrong:
            raise Fail(f"{text} is not what the same call gives on a fresh network with these "
                       f"parameters: {_listed(wrong, got, fresh, '∂L/∂{0}: {1} here, {2} fresh')}")

    search(lambda: st.tuples(parameters(), samples(), samples()), body, examples=10)
