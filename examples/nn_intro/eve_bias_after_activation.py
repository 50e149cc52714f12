# nn_intro, by Eve. Mistake: her Neuron adds the bias AFTER the activation: sigma(w.x) + b.
# (Her network, written separately, adds its biases in the right place.)
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(x):
    return sigmoid(x) * (1 - sigmoid(x))


def tanh(x):
    return np.tanh(x)


def tanh_derivative(x):
    return 1 - np.tanh(x) ** 2


def relu(x):
    return np.maximum(x, 0)


def relu_derivative(x):
    return 1.0 * (np.asarray(x) > 0)


class Neuron:
    def __init__(self, weights, bias):
        self.weights = np.array(weights)
        self.bias = bias

    def feedforward(self, inputs):
        return sigmoid(np.dot(self.weights, inputs)) + self.bias


def mse_loss(y_true, y_pred):
    return np.mean((np.array(y_true) - np.array(y_pred)) ** 2)


class NeuralNetwork:
    def __init__(self):
        (self.w1, self.w2, self.w3, self.w4, self.w5, self.w6,
         self.b1, self.b2, self.b3) = np.random.normal(size=9)

    def forward(self, x):
        sum_h1 = self.w1 * x[0] + self.w2 * x[1] + self.b1
        sum_h2 = self.w3 * x[0] + self.w4 * x[1] + self.b2
        h1, h2 = sigmoid(sum_h1), sigmoid(sum_h2)
        sum_o1 = self.w5 * h1 + self.w6 * h2 + self.b3
        return sum_h1, sum_h2, h1, h2, sum_o1, sigmoid(sum_o1)

    def feedforward(self, x):
        return self.forward(x)[-1]

    def backprop(self, x, y_true):
        sum_h1, sum_h2, h1, h2, sum_o1, o1 = self.forward(x)
        d_o1 = -2 * (y_true - o1) * sigmoid_derivative(sum_o1)
        d_h1 = d_o1 * self.w5 * sigmoid_derivative(sum_h1)
        d_h2 = d_o1 * self.w6 * sigmoid_derivative(sum_h2)
        return dict(w1=d_h1 * x[0], w2=d_h1 * x[1], b1=d_h1, w3=d_h2 * x[0], w4=d_h2 * x[1],
                    b2=d_h2, w5=d_o1 * h1, w6=d_o1 * h2, b3=d_o1)

    def train(self, data, all_y_trues, learn_rate=0.1, epochs=1000):
        losses = []
        for _ in range(epochs):
            for x, y in zip(data, all_y_trues):
                for key, grad in self.backprop(x, y).items():
                    setattr(self, key, getattr(self, key) - learn_rate * grad)
            losses.append(mse_loss(all_y_trues, [self.feedforward(x) for x in data]))
        return losses
