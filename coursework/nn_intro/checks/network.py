"""Part 3 — the 2-2-1 network: NeuralNetwork() and feedforward."""

import numpy as np

from autograder.authoring import Fail, as_float, calling, expect_close, fmt

from .. import lecture
from .network_inputs import describe, network, read_parameters
from .registry import checks
from .strategies import parameters, samples, search, st, term_values

STEP = "Part 3, a neural network"
WIRING = "h1 = f(w1·x1 + w2·x2 + b1), h2 = f(w3·x1 + w4·x2 + b2), o1 = f(w5·h1 + w6·h2 + b3)"


@checks.check(part=3, points=2, title="NeuralNetwork() has nine random float parameters",
       lecture=f"{STEP}: the parameters w1 … w6 and b1 … b3, initialised randomly",
       hint="Set the nine attributes self.w1 … self.b3 in __init__, each to a random float "
            "(for example np.random.normal()).")
def network_has_nine_parameters(sub, ref):
    with calling("NeuralNetwork()"):
        first = read_parameters(sub, sub.new("NeuralNetwork"), "NeuralNetwork()")
        second = read_parameters(sub, sub.new("NeuralNetwork"), "NeuralNetwork()")
    weights = ("w1", "w2", "w3", "w4", "w5", "w6")     # biases may start at 0
    if all(first[w] == second[w] for w in weights):
        raise Fail("two networks made by NeuralNetwork() have the same weights "
                   f"({describe(first)} and {describe(second)}); the contract asks for random "
                   "initial weights")
    for params in (first, second):
        h1, h2 = [tuple(params[p] for p in names) for names in (("w1", "w2", "b1", "w5"),
                                                                 ("w3", "w4", "b2", "w6"))]
        if h1 == h2:
            raise Fail(f"NeuralNetwork() gave h1 and h2 the same weights ({describe(params)}): "
                       "both hidden neurons then compute the same value and get the same "
                       "updates, so they stay copies of each other however long you train; "
                       "draw each weight on its own")


def other_network(purpose: str) -> tuple[dict, np.ndarray]:
    """Parameters and a sample of this term (`term_values`): a network no file holds."""
    *values, x1, x2 = term_values(purpose, len(lecture.PARAMETERS) + 2, 1.5)
    return dict(zip(lecture.PARAMETERS, values)), np.array([x1, x2])


def _feedforward_beyond(sub, ref):
    _compare_feedforward(sub, ref, *other_network("feedforward beyond"))


@checks.check(part=3, points=4, title="the lecture's network gives 0.7216 on [2, 3]",
       lecture=f"{STEP}: {WIRING}; with w1 = w3 = w5 = 0, w2 = w4 = w6 = 1, biases 0 and "
               "x = [2, 3], h1 = h2 = σ(3) = 0.9526 and o1 = σ(0.9526) = 0.7216",
       hint="Follow the three equations in order: the output neuron takes h1 and h2, not x.",
       beyond=_feedforward_beyond)
def feedforward_lecture_example(sub, ref):
    text = "feedforward([2, 3]) with w1 = w3 = w5 = 0, w2 = w4 = w6 = 1 and all biases 0"
    with calling(text):
        net = network(sub, lecture.FEEDFORWARD_NETWORK)
        got = as_float(sub.method(net, "feedforward", lecture.FEEDFORWARD_X))
    expect_close(got, lecture.FEEDFORWARD_O1, text, lecture_value="0.7216")


@checks.check(part=3, points=3, title="the all-ones network gives 0.524 on Alice",
       lecture=f"{STEP} / Part 5's example: all weights 1, biases 0, x = [−2, −1]: "
               "h1 = h2 = σ(−3) = 0.0474 and o1 = σ(0.0948) = 0.524",
       hint="Each hidden neuron uses its own pair of weights and its own bias; "
            "the output neuron applies σ to w5·h1 + w6·h2 + b3.", beyond=_feedforward_beyond)
def feedforward_all_ones_on_alice(sub, ref):
    text = "feedforward([-2, -1]) with all weights 1 and all biases 0"
    with calling(text):
        net = network(sub, lecture.ALL_ONES)
        got = as_float(sub.method(net, "feedforward", lecture.ALICE_X))
    expect_close(got, lecture.ALICE_O1, text, lecture_value="0.524")


def _compare_feedforward(sub, ref, params, x):
    text = f"feedforward({fmt(x)}) with {describe(params)}"
    with calling(text):
        got = as_float(sub.method(network(sub, params), "feedforward", x))
    want = as_float(ref.method(network(ref, params), "feedforward", x))
    expect_close(got, want, text)


@checks.check(part=3, points=4, title="feedforward matches the reference on random networks",
       lecture=f"{STEP}: {WIRING}",
       hint="With all nine parameters different, every weight must sit in its own place: "
            "w1 and w3 multiply x1, w2 and w4 multiply x2, w5 and w6 multiply h1 and h2, "
            "and each neuron has its own bias.",
       hidden=True)
def feedforward_matches_reference(sub, ref):
    search(lambda: st.tuples(parameters(), samples()),
           lambda ex: _compare_feedforward(sub, ref, ex[0], np.array(ex[1][0])))


@checks.check(part=3, points=2, title="feedforward takes x as a list too",
       lecture=f"{STEP}: feedforward(x) for x of length 2, a list or an array",
       hint="Index x as x[0] and x[1], or convert it with np.asarray first; a list has no "
            "array arithmetic.", hidden=True, earned_by=("feedforward_matches_reference",))
def feedforward_takes_a_list(sub, ref):
    """A list gives what the same numbers give as an array: the values themselves are 3.4's."""
    def body(example):
        params, (x, _) = example
        text = f"feedforward({fmt(list(x))}) with {describe(params)}"
        with calling(text):
            got = as_float(sub.method(network(sub, params), "feedforward", list(x)))
        with calling(f"feedforward({fmt(np.array(x))}) with {describe(params)}"):
            want = as_float(sub.method(network(sub, params), "feedforward", np.array(x)))
        expect_close(got, want, f"{text}, where the same numbers as an array give {fmt(want)},")
    search(lambda: st.tuples(parameters(), samples()), body, examples=10)
