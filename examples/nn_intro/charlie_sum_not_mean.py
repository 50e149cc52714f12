# nn_intro, by Charlie: plain Python loops and the math module where it can.
# Mistake: mse_loss adds the squared errors up but never divides by n (a sum, not a mean).
import math

import numpy as np


def sigmoid(x):
    x = np.clip(x, -700, 700)
    return 1.0 / (1.0 + np.exp(-x))


def sigmoid_derivative(x):
    return sigmoid(x) * (1.0 - sigmoid(x))


def tanh(x):
    return np.tanh(x)


def tanh_derivative(x):
    t = np.tanh(x)
    return 1.0 - t * t


def relu(x):
    return np.where(np.asarray(x) > 0, x, 0.0)


def relu_derivative(x):
    return np.heaviside(x, 0.0)


class Neuron:
    def __init__(self, weights, bias):
        self.weights = list(weights)
        self.bias = bias

    def feedforward(self, inputs):
        total = self.bias
        for w, x in zip(self.weights, inputs):
            total += w * x
        return float(sigmoid(total))


def mse_loss(y_true, y_pred):
    total = 0.0
    for t, p in zip(y_true, y_pred):
        total += (t - p) ** 2
    return total


class NeuralNetwork:
    def __init__(self):
        for name in ["w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"]:
            setattr(self, name, float(np.random.randn()))

    def feedforward(self, x):
        h1 = sigmoid(self.w1 * x[0] + self.w2 * x[1] + self.b1)
        h2 = sigmoid(self.w3 * x[0] + self.w4 * x[1] + self.b2)
        return float(sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3))

    def backprop(self, x, y_true):
        sum_h1 = self.w1 * x[0] + self.w2 * x[1] + self.b1
        sum_h2 = self.w3 * x[0] + self.w4 * x[1] + self.b2
        h1, h2 = sigmoid(sum_h1), sigmoid(sum_h2)
        sum_o1 = self.w5 * h1 + self.w6 * h2 + self.b3
        y_pred = sigmoid(sum_o1)
        d_L_d_ypred = -2 * (y_true - y_pred)
        g_o1 = d_L_d_ypred * sigmoid_derivative(sum_o1)
        g_h1 = g_o1 * self.w5 * sigmoid_derivative(sum_h1)
        g_h2 = g_o1 * self.w6 * sigmoid_derivative(sum_h2)
        return {"w1": float(g_h1 * x[0]), "w2": float(g_h1 * x[1]), "b1": float(g_h1),
                "w3": float(g_h2 * x[0]), "w4": float(g_h2 * x[1]), "b2": float(g_h2),
                "w5": float(g_o1 * h1), "w6": float(g_o1 * h2), "b3": float(g_o1)}

    def train(self, data, all_y_trues, learn_rate=0.1, epochs=1000):
        losses = []
        for epoch in range(epochs):
            for x, y_true in zip(data, all_y_trues):
                d = self.backprop(x, y_true)
                for name in d:
                    self.__dict__[name] -= learn_rate * d[name]
            predictions = [self.feedforward(x) for x in data]
            losses.append(mse_loss(all_y_trues, predictions))
        return losses


if __name__ == "__main__":
    print(math.pi)   # not run by the grader
