"""Part 5 — backpropagation: NeuralNetwork.backprop(x, y_true)."""

from .. import lecture
from ..values import as_float_dict, fmt
from .base import Fail, calling, check, close, expect_close, two
from .network_inputs import describe, network, random_networks, random_samples, read_parameters

STEP = "Part 5, backpropagation"
CHAIN = "∂L/∂w1 = ∂L/∂y_pred · ∂y_pred/∂h1 · ∂h1/∂w1"


def partials(sub, params, x, y_true, text):
    with calling(text):
        return as_float_dict(sub.method(network(sub, params), "backprop", x, y_true),
                             lecture.PARAMETERS)


@check(part=5, points=3, title="backprop returns all nine partial derivatives",
       lecture=f"{STEP}: one partial derivative ∂L/∂p for each of the nine parameters",
       hint='Return a dict with the keys "w1" … "w6" and "b1" … "b3", each a float.')
def backprop_returns_nine_partials(sub, ref):
    partials(sub, lecture.ALL_ONES, lecture.ALICE_X, lecture.ALICE_Y,
             "backprop([-2, -1], 1) with all weights 1 and all biases 0")


@check(part=5, points=5, title="∂L/∂w1 = 0.0214 for Alice on the all-ones network",
       lecture=f"{STEP}: {CHAIN} = (−0.952)(0.249)(−2 · 0.0452) = 0.0214",
       hint="Work out the three factors of the chain rule separately and compare them with the "
            "lecture's −0.952, 0.249 and −0.0904.")
def backprop_lecture_w1(sub, ref):
    text = 'backprop([-2, -1], 1)["w1"] on the network with all weights 1 and all biases 0'
    got = partials(sub, lecture.ALL_ONES, lecture.ALICE_X, lecture.ALICE_Y, text)["w1"]
    expect_close(got, lecture.D_L_D_W1, text, rel=1e-5, lecture_value="0.0214")


@check(part=5, points=12, title="all nine partials match the reference on random networks",
       lecture=f"{STEP}: the chain rule for every parameter, e.g. {CHAIN}",
       hint="Evaluate f' at each neuron's input (sum_h1, sum_h2, sum_o1), use each weight in "
            "its own place, and keep the sign of ∂L/∂y_pred = −2(y_true − y_pred).", hidden=True)
def backprop_matches_reference(sub, ref):
    networks = random_networks("backprop", 5)
    for params, (x, y_true) in zip(networks, random_samples("backprop-samples", 5)):
        text = f"backprop({fmt(x)}, {fmt(y_true)}) with {describe(params)}"
        got = partials(sub, params, x, y_true, text)
        want = partials(ref, params, x, y_true, text)
        wrong = [p for p in lecture.PARAMETERS if not close(got[p], want[p], 1e-5, 1e-9)]
        if wrong:
            shown = "; ".join("∂L/∂{0}: got {1}, expected {2}".format(p, *two(got[p], want[p]))
                              for p in wrong[:3]) + ("; …" if len(wrong) > 3 else "")
            raise Fail(f"{text} is wrong for {', '.join(wrong)}: {shown}")


@check(part=5, points=5, title="backprop leaves the parameters unchanged",
       lecture=f"{STEP}: backprop only computes derivatives; part 6 updates the parameters",
       hint="Compute the partial derivatives into local variables and return them; do not "
            "assign to self.w1 … self.b3 in backprop.", hidden=True)
def backprop_leaves_parameters(sub, ref):
    params = random_networks("backprop-unchanged", 1)[0]
    x, y_true = [1.5, -0.5], 1.0
    text = f"backprop({fmt(x)}, {fmt(y_true)}) with {describe(params)}"
    with calling(text):
        net = network(sub, params)
        sub.method(net, "backprop", x, y_true)
    after = read_parameters(sub, net, f"after {text}")
    changed = [p for p in lecture.PARAMETERS if after[p] != params[p]]
    if changed:
        raise Fail(f"{text} changed {', '.join(changed)} (for example {changed[0]} went from "
                   f"{fmt(params[changed[0]])} to {fmt(after[changed[0]])})")
