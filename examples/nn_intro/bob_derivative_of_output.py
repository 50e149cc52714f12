# nn_intro, by Bob. Mistake: sigmoid_derivative takes the sigmoid's OUTPUT (f'(y) = y(1 - y)),
# not its input x. His backprop passes h1, o1 to it, so parts 3-6 are right; part 2 is not.
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def sigmoid_derivative(fx):
    return fx * (1 - fx)


def tanh(x):
    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))


def tanh_derivative(x):
    return 1 - tanh(x) ** 2


def relu(x):
    return np.maximum(0, x)


def relu_derivative(x):
    return np.where(x > 0, 1, 0)


class Neuron:
    def __init__(self, weights, bias):
        self.weights = weights
        self.bias = bias

    def feedforward(self, inputs):
        total = np.dot(self.weights, inputs) + self.bias
        return sigmoid(total)


def mse_loss(y_true, y_pred):
    return ((np.array(y_true) - np.array(y_pred)) ** 2).mean()


class NeuralNetwork:
    def __init__(self):
        self.w1, self.w2, self.w3 = np.random.normal(), np.random.normal(), np.random.normal()
        self.w4, self.w5, self.w6 = np.random.normal(), np.random.normal(), np.random.normal()
        self.b1, self.b2, self.b3 = np.random.normal(), np.random.normal(), np.random.normal()

    def feedforward(self, x):
        h1 = sigmoid(self.w1 * x[0] + self.w2 * x[1] + self.b1)
        h2 = sigmoid(self.w3 * x[0] + self.w4 * x[1] + self.b2)
        return sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3)

    def backprop(self, x, y_true):
        h1 = sigmoid(self.w1 * x[0] + self.w2 * x[1] + self.b1)
        h2 = sigmoid(self.w3 * x[0] + self.w4 * x[1] + self.b2)
        o1 = sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3)
        d_L_d_ypred = -2 * (y_true - o1)
        d_o1 = sigmoid_derivative(o1)       # evaluated at the outputs: right for his helper
        d_h1 = sigmoid_derivative(h1)
        d_h2 = sigmoid_derivative(h2)
        return {
            "w1": d_L_d_ypred * self.w5 * d_o1 * x[0] * d_h1,
            "w2": d_L_d_ypred * self.w5 * d_o1 * x[1] * d_h1,
            "b1": d_L_d_ypred * self.w5 * d_o1 * d_h1,
            "w3": d_L_d_ypred * self.w6 * d_o1 * x[0] * d_h2,
            "w4": d_L_d_ypred * self.w6 * d_o1 * x[1] * d_h2,
            "b2": d_L_d_ypred * self.w6 * d_o1 * d_h2,
            "w5": d_L_d_ypred * h1 * d_o1,
            "w6": d_L_d_ypred * h2 * d_o1,
            "b3": d_L_d_ypred * d_o1,
        }

    def train(self, data, all_y_trues, learn_rate=0.1, epochs=1000):
        losses = []
        for epoch in range(epochs):
            for x, y_true in zip(data, all_y_trues):
                grads = self.backprop(x, y_true)
                for name, grad in grads.items():
                    setattr(self, name, getattr(self, name) - learn_rate * grad)
            losses.append(mse_loss(all_y_trues, np.apply_along_axis(self.feedforward, 1, data)))
        return losses
