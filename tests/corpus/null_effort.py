"""Submissions that do no work: constants, zeros, echoes of the input, empty answers, no-op
methods, and the lecture's worked numbers hard-coded. Each names the parts it touches and
what it may earn there (nothing, or for the hard-coded one, at most `most` points in all).

`PARTS_RIGHT` keeps the reference's parts 1-4 and does no work in parts 5 and 6: a backprop of
zeros and a train that changes nothing but reports the loss faithfully.
"""

from __future__ import annotations

from dataclasses import dataclass

PARAMS = '("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")'


@dataclass(frozen=True)
class NullEffort:
    name: str
    code: str
    touches: frozenset = frozenset(range(1, 7))    # parts it writes (no work) in
    most: float = 0.0                             # points it may earn in all


def _module(*, sigmoid, neuron, derivative, tanh, tanh_d, relu, relu_d, init, feedforward,
            backprop, train, mse) -> str:
    return f"""import numpy as np

def sigmoid(x):
    return {sigmoid}

class Neuron:
    def __init__(self, weights, bias):
        pass

    def feedforward(self, inputs):
        return {neuron}

def sigmoid_derivative(x):
    return {derivative}

def tanh(x):
    return {tanh}

def tanh_derivative(x):
    return {tanh_d}

def relu(x):
    return {relu}

def relu_derivative(x):
    return {relu_d}

class NeuralNetwork:
    def __init__(self):
        {init}

    def feedforward(self, x):
        return {feedforward}

    def backprop(self, x, y_true):
        return {backprop}

    def train(self, data, all_y_trues, learn_rate=0.1, epochs=1000):
        return {train}

def mse_loss(y_true, y_pred):
    return {mse}
"""


HARD_CODED = """import numpy as np

def _is(x, value):
    return np.shape(x) == np.shape(value) and np.allclose(x, value)

def sigmoid(x):
    return 0.5 if _is(x, 0.0) else 0.0

class Neuron:
    def __init__(self, weights, bias):
        self.weights, self.bias = weights, bias

    def feedforward(self, inputs):
        return 0.9990889488055994 if _is(self.weights, [0, 1]) and self.bias == 4 else 0.0

def sigmoid_derivative(x):
    return 0.04517665973091214 if _is(x, -3) else 0.2494391502518615 if _is(x, 0.0948) else 0.0

def tanh(x):
    return 0.46211715726000974 if _is(x, 0.5) else 0.0

def tanh_derivative(x):
    return 0.7864477329659274 if _is(x, 0.5) else 0.0

def relu(x):
    return np.array([0.0, 3.0]) if _is(x, [-2, 3]) else np.zeros(np.shape(x))

def relu_derivative(x):
    return np.array([0.0, 1.0]) if _is(x, [-2, 3]) else np.zeros(np.shape(x))

class NeuralNetwork:
    def __init__(self):
        for name in PARAMS:
            setattr(self, name, np.random.normal())

    def feedforward(self, x):
        if _is(x, [2, 3]):
            return 0.7216325609518421
        if _is(x, [-2, -1]):
            return 0.5236951740839997
        return 0.5

    def backprop(self, x, y_true):
        return {name: 0.02146953526581111 if name == "w1" else 0.0 for name in PARAMS}

    def train(self, data, all_y_trues, learn_rate=0.1, epochs=1000):
        return [0.3 * 0.99 ** k for k in range(epochs)]

def mse_loss(y_true, y_pred):
    return 0.5
""".replace("PARAMS", PARAMS)


NO_WORK_IN_PARTS_5_AND_6 = f"""
    def backprop(self, x, y_true):
        return {{name: 0.0 for name in {PARAMS}}}

    def train(self, data, all_y_trues, learn_rate=0.1, epochs=1000):
        loss = mse_loss(all_y_trues, [self.feedforward(x) for x in data])
        return [loss] * epochs
"""

NULL_EFFORT = [
    NullEffort("constants", _module(
        sigmoid="0.5", neuron="0.999", derivative="0.25", tanh="0.0", tanh_d="1.0", relu="0.0",
        relu_d="1.0", init="pass", feedforward="0.7216", backprop="{}", train="[]",
        mse="0.5")),
    NullEffort("zeros", _module(
        sigmoid="np.zeros_like(x, dtype=float)", neuron="0.0",
        derivative="np.zeros_like(x, dtype=float)", tanh="np.zeros_like(x, dtype=float)",
        tanh_d="np.zeros_like(x, dtype=float)", relu="np.zeros_like(x, dtype=float)",
        relu_d="np.zeros_like(x, dtype=float)",
        init=f"for name in {PARAMS}: setattr(self, name, 0.0)", feedforward="0.0",
        backprop=f"{{name: 0.0 for name in {PARAMS}}}", train="[0.0] * epochs", mse="0.0")),
    NullEffort("echoes_of_the_input", _module(
        sigmoid="x", neuron="float(np.ravel(inputs)[0])", derivative="x", tanh="x", tanh_d="x",
        relu="x", relu_d="x", init="pass", feedforward="float(x[0])",
        backprop=f"{{name: float(x[0]) for name in {PARAMS}}}", train="list(all_y_trues)",
        mse="float(np.mean(y_pred))")),
    NullEffort("empty_answers", _module(
        sigmoid="None", neuron="None", derivative="None", tanh="None", tanh_d="None",
        relu="[]", relu_d="[]", init="pass", feedforward="None", backprop="{}", train="[]",
        mse="None")),
    NullEffort("no_op_methods", _module(
        sigmoid="x * 0 + 0.5", neuron="None", derivative="x * 0", tanh="x * 0", tanh_d="x * 0 + 1",
        relu="x * 0", relu_d="x * 0", init=f"for name in {PARAMS}: setattr(self, name, 0.5)",
        feedforward="0.5", backprop=f"{{name: 0.0 for name in {PARAMS}}}",
        train="[0.25] * epochs", mse="0.25")),
    NullEffort("lecture_numbers_hard_coded", HARD_CODED, most=5.0),
]

# The reference's parts 1-4, and no work in parts 5 and 6 (built from the reference's code).
BACKPROP_TO_END_OF_TRAIN = ("    def backprop(self, x, y_true):", "        return losses\n")
