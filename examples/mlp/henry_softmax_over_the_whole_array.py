"""Henry's multilayer perceptron: softmax divides by the sum over the whole array, not per row."""

import numpy as np

def sigmoid(z):
    """1 / (1 + e^-z), elementwise; finite for every finite z."""
    z = np.asarray(z, dtype=float)
    return 1 / (1 + np.exp(-z))


def sigmoid_derivative(z):
    """d sigma / dz = sigma(z) (1 - sigma(z)), elementwise."""
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    """The hyperbolic tangent, elementwise."""
    return np.tanh(np.asarray(z, dtype=float))


def tanh_derivative(z):
    """d tanh / dz = 1 - tanh(z)^2, elementwise."""
    return 1 - tanh(z) ** 2


def relu(z):
    """max(0, z), elementwise."""
    return np.maximum(0.0, np.asarray(z, dtype=float))


def relu_derivative(z):
    """1 where z > 0, 0 where z < 0 (0 or 1 at z = 0), elementwise."""
    return np.where(np.asarray(z) > 0, 1.0, 0.0)


def identity(z):
    """z itself (the regression output: no activation)."""
    return np.asarray(z, dtype=float) * 1.0


def identity_derivative(z):
    """Ones of z's shape."""
    return np.ones(np.shape(z))


def softmax(Z):
    """Each row of Z (shape (n, k); a 1-D Z is one row) mapped to exp(z_j) / sum_i exp(z_i)."""
    Z = np.asarray(Z, dtype=float)
    exps = np.exp(Z - Z.max())
    return exps / exps.sum()

ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "identity": (identity, identity_derivative),
}


class MLP:
    """A multilayer perceptron: weights[l] (n_l, n_l+1), biases[l] (n_l+1,), one activation a layer."""

    def __init__(self, layer_sizes, activations, seed=0):
        rng = np.random.default_rng(seed)
        self.activations = list(activations)
        self.weights = [rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))
                        for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]
        self.biases = [np.zeros(n_out) for n_out in layer_sizes[1:]]

    def activate(self, l, Z):
        """Layer l's activation of its pre-activation Z."""
        if self.activations[l] == "softmax":
            return softmax(Z)
        return ACTIVATIONS[self.activations[l]][0](Z)

    def forward(self, X):
        """X of shape (n, n_inputs) gives (n, n_outputs); a 1-D X (one sample) gives (n_outputs,)."""
        X = np.asarray(X, dtype=float)
        A = np.atleast_2d(X)
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            Z = A @ W + b
            A = self.activate(l, Z)
        return A if X.ndim == 2 else A[0]

    def backprop(self, X, Y):
        """Part 4: (dW, db), the gradients of mse_loss(Y, self.forward(X)) for every parameter."""
        X = np.asarray(X, dtype=float)
        Y = np.asarray(Y, dtype=float)
        # --- Forward, keeping each layer's input A[l] and pre-activation Z[l]
        A, Z = [X], []
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            Z.append(A[l] @ W + b)
            A.append(self.activate(l, Z[l]))
        # --- The loss is the mean over all entries: dL/dA of the output
        d_L_d_A = -2 * (Y - A[-1]) / Y.size
        dW, db = [None] * len(self.weights), [None] * len(self.biases)
        for l in reversed(range(len(self.weights))):
            if self.activations[l] == "softmax":     # the full Jacobian of each row
                S = A[l + 1]
                d_L_d_Z = S * (d_L_d_A - np.sum(d_L_d_A * S, axis=1, keepdims=True))
            else:
                d_L_d_Z = d_L_d_A * ACTIVATIONS[self.activations[l]][1](Z[l])
            dW[l] = A[l].T @ d_L_d_Z
            db[l] = d_L_d_Z.sum(axis=0)
            d_L_d_A = d_L_d_Z @ self.weights[l].T
        return dW, db

    def train(self, X, Y, learn_rate=0.1, epochs=100, batch_size=1):
        """Part 5: mini-batch gradient descent; returns the MSE over all of X after each epoch."""
        X = np.asarray(X, dtype=float)
        Y = np.asarray(Y, dtype=float)
        losses = []
        for epoch in range(epochs):
            for start in range(0, len(X), batch_size):
                dW, db = self.backprop(X[start:start + batch_size], Y[start:start + batch_size])
                self.weights = [W - learn_rate * g for W, g in zip(self.weights, dW)]
                self.biases = [b - learn_rate * g for b, g in zip(self.biases, db)]
            losses.append(mse_loss(Y, self.forward(X)))
        return losses

def mse_loss(Y_true, Y_pred):
    """The mean of (Y_true - Y_pred)^2 over all entries of two arrays of equal shape, a float."""
    Y_true = np.asarray(Y_true, dtype=float)
    Y_pred = np.asarray(Y_pred, dtype=float)
    return float(np.mean((Y_true - Y_pred) ** 2))
