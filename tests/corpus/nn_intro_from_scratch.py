"""A correct nn_intro written from scratch, unlike the reference: the nine parameters in a
dict behind __getattr__/__setattr__, the hidden layer as a matrix, sigmoid' from e^-|x|, a pure
Python Neuron and MSE, gradients as a dict comprehension, the parameters replaced by a new dict
at each step. Graded as a file, never imported."""
import math

import numpy as np


def sigmoid(x):
    return np.reciprocal(1.0 + np.exp(-np.asarray(x, dtype=float)))

def sigmoid_derivative(x):
    e = np.exp(-np.abs(np.asarray(x, dtype=float)))
    return e / (1.0 + e) ** 2

def tanh(x):
    x = np.asarray(x, dtype=float)
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))

def tanh_derivative(x):
    return 1 - tanh(x) ** 2

def relu(x):
    return np.clip(np.asarray(x, dtype=float), 0, None)

def relu_derivative(x):
    return np.greater(x, 0).astype(float)

class Neuron:
    def __init__(self, weights, bias):
        self.weights = list(weights)
        self.bias = bias

    def feedforward(self, inputs):
        return float(sigmoid(sum(w * i for w, i in zip(self.weights, inputs)) + self.bias))

def mse_loss(y_true, y_pred):
    pairs = list(zip(np.ravel(y_true), np.ravel(y_pred)))
    return sum((a - b) ** 2 for a, b in pairs) / len(pairs)

NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")

class NeuralNetwork:
    def __init__(self):
        rng = np.random.default_rng()
        object.__setattr__(self, "p", {n: float(rng.normal()) for n in NAMES})

    def __getattr__(self, name):
        p = object.__getattribute__(self, "p")
        if name in p:
            return p[name]
        raise AttributeError(name)

    def __setattr__(self, name, value):
        if name in NAMES:
            self.p[name] = float(value)
        else:
            object.__setattr__(self, name, value)

    def _layer(self, x):
        p = self.p
        W = np.array([[p["w1"], p["w2"]], [p["w3"], p["w4"]]])
        z_h = W @ np.asarray(x, dtype=float) + np.array([p["b1"], p["b2"]])
        h = sigmoid(z_h)
        z_o = p["w5"] * h[0] + p["w6"] * h[1] + p["b3"]
        return z_h, h, z_o, float(sigmoid(z_o))

    def feedforward(self, x):
        return self._layer(x)[3]

    def backprop(self, x, y_true):
        x = np.asarray(x, dtype=float)
        z_h, h, z_o, y = self._layer(x)
        d_y = -2 * (y_true - y)
        d_zo = d_y * sigmoid_derivative(z_o)
        d_zh = d_zo * np.array([self.p["w5"], self.p["w6"]]) * sigmoid_derivative(z_h)
        g = {"w5": d_zo * h[0], "w6": d_zo * h[1], "b3": d_zo,
             "w1": d_zh[0] * x[0], "w2": d_zh[0] * x[1], "b1": d_zh[0],
             "w3": d_zh[1] * x[0], "w4": d_zh[1] * x[1], "b2": d_zh[1]}
        return {k: float(v) for k, v in g.items()}

    def train(self, data, all_y_trues, learn_rate=0.1, epochs=1000):
        out = []
        for _ in range(epochs):
            for x, y in zip(data, all_y_trues):
                grads = self.backprop(x, y)
                self.p = {k: v - learn_rate * grads[k] for k, v in self.p.items()}
            out.append(mse_loss(all_y_trues, [self.feedforward(x) for x in data]))
        return out
