# nn_intro, by Alice: a correct submission written differently from the reference:
# a numerically stable sigmoid, np.tanh, matrix maths for the layers, ReLU'(0) = 1.
import numpy as np


def sigmoid(x):
    x = np.asarray(x, dtype=float)
    positive = x >= 0
    z = np.exp(-np.abs(x))                      # never overflows
    return np.where(positive, 1 / (1 + z), z / (1 + z))


def sigmoid_derivative(x):
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    return np.tanh(x)


def tanh_derivative(x):
    return 1 - np.tanh(x) ** 2


def relu(x):
    return np.asarray(x) * (np.asarray(x) > 0)


def relu_derivative(x):
    return (np.asarray(x) >= 0).astype(float)    # 1 at x = 0: allowed


class Neuron:
    def __init__(self, weights, bias):
        self.weights, self.bias = np.array(weights, dtype=float), float(bias)

    def feedforward(self, inputs):
        return sigmoid(self.weights @ np.asarray(inputs, dtype=float) + self.bias).item()


def mse_loss(y_true, y_pred):
    return np.mean(np.subtract(y_true, y_pred) ** 2).item()


class NeuralNetwork:
    NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")

    def __init__(self):
        rng = np.random.default_rng()
        for name, value in zip(self.NAMES, rng.standard_normal(9)):
            setattr(self, name, float(value))

    def _layers(self):
        W = np.array([[self.w1, self.w2], [self.w3, self.w4]])
        b = np.array([self.b1, self.b2])
        v = np.array([self.w5, self.w6])
        return W, b, v, self.b3

    def feedforward(self, x):
        W, b, v, c = self._layers()
        h = sigmoid(W @ np.asarray(x, dtype=float) + b)
        return float(sigmoid(v @ h + c))

    def backprop(self, x, y_true):
        x = np.asarray(x, dtype=float)
        W, b, v, c = self._layers()
        z = W @ x + b
        h = sigmoid(z)
        out = v @ h + c
        y = sigmoid(out)
        delta_out = -2 * (y_true - y) * sigmoid_derivative(out)
        delta_hidden = delta_out * v * sigmoid_derivative(z)
        grad_W = np.outer(delta_hidden, x)
        grads = [grad_W[0, 0], grad_W[0, 1], grad_W[1, 0], grad_W[1, 1],
                 delta_out * h[0], delta_out * h[1],
                 delta_hidden[0], delta_hidden[1], delta_out]
        return {name: float(g) for name, g in zip(self.NAMES, grads)}

    def train(self, data, all_y_trues, learn_rate=0.1, epochs=1000):
        history = []
        for _ in range(epochs):
            for x, y in zip(data, all_y_trues):
                grads = self.backprop(x, y)
                for name in self.NAMES:
                    setattr(self, name, getattr(self, name) - learn_rate * grads[name])
            history.append(mse_loss(all_y_trues, [self.feedforward(x) for x in data]))
        return history
