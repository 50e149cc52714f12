"""The `mlp` corpus: the reference written other ways (each must get full marks), with one
mistake each (losing points in its part and no earlier one), or doing no work at all."""

from __future__ import annotations

from corpus.mistakes import Variant, right, wrong

FORWARD_LOOP = "        for l, (W, b) in enumerate(zip(self.weights, self.biases)):\n            Z = A @ W + b\n            A = self.activate(l, Z)\n"
UPDATES = ("                self.weights = [W - learn_rate * g for W, g in zip(self.weights, dW)]\n"
           "                self.biases = [b - learn_rate * g for b, g in zip(self.biases, db)]\n")
BATCHES = "            for start in range(0, len(X), batch_size):"
D_L_D_A = "d_L_d_A = -2 * (Y - A[-1]) / Y.size"
DB = "db[l] = d_L_d_Z.sum(axis=0)"
SIGMA_PRIME = "d_L_d_Z = d_L_d_A * ACTIVATIONS[self.activations[l]][1](Z[l])"
SOFTMAX = "    exps = np.exp(Z - Z.max(axis=-1, keepdims=True))\n    return exps / exps.sum(axis=-1, keepdims=True)"
MSE = "return float(np.mean((Y_true - Y_pred) ** 2))"
SIGMOID = "    z = np.asarray(z, dtype=float)\n    return 1 / (1 + np.exp(-z))"

RIGHT: list[Variant] = [
    right("forward_sample_by_sample_with_loops",
          (FORWARD_LOOP, "        rows = []\n        for x in A:\n            a = x\n"
                         "            for l, (W, b) in enumerate(zip(self.weights, self.biases)):\n"
                         "                a = self.activate(l, (a @ W + b)[None, :])[0]\n"
                         "            rows.append(a)\n        A = np.array(rows)\n")),
    right("updates_in_place",
          (UPDATES, "                for W, g in zip(self.weights, dW):\n"
                    "                    W -= learn_rate * g\n"
                    "                for b, g in zip(self.biases, db):\n"
                    "                    b -= learn_rate * g\n")),
    right("stable_sigmoid_with_where",
          (SIGMOID, "    z = np.asarray(z, dtype=float)\n    e = np.exp(-np.abs(z))\n"
                    "    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))")),
    right("softmax_by_log_sum_exp",
          (SOFTMAX, "    m = Z.max(axis=-1, keepdims=True)\n"
                    "    log_sum = m + np.log(np.exp(Z - m).sum(axis=-1, keepdims=True))\n"
                    "    return np.exp(Z - log_sum)")),
    right("train_steps_from_layers_that_backprop_syncs",     # parameters read at each call
          ("        X = np.asarray(X, dtype=float)\n        Y = np.asarray(Y, dtype=float)\n"
           "        # --- Forward, keeping",
           "        self._layers = [(W.copy(), b.copy()) for W, b in zip(self.weights, self.biases)]\n"
           "        X = np.asarray(X, dtype=float)\n        Y = np.asarray(Y, dtype=float)\n"
           "        # --- Forward, keeping"),
          (UPDATES, "                self.weights = [W - learn_rate * g for (W, _), g in "
                    "zip(self._layers, dW)]\n"
                    "                self.biases = [b - learn_rate * g for (_, b), g in "
                    "zip(self._layers, db)]\n")),
    right("batches_by_array_split",
          (BATCHES, "            for xb_index in np.array_split(np.arange(len(X)), "
                    "range(batch_size, len(X), batch_size)):\n"
                    "                start = xb_index[0]"),),
]

WRONG: list[Variant] = [
    wrong("softmax_over_the_whole_array", 1,
          ("    exps = np.exp(Z - Z.max(axis=-1, keepdims=True))\n    return exps / exps.sum(axis=-1, keepdims=True)",
           "    exps = np.exp(Z - Z.max())\n    return exps / exps.sum()"), cascade={2, 4, 5}),
    wrong("gradient_of_the_sum_not_the_mean", 4, (D_L_D_A, "d_L_d_A = -2 * (Y - A[-1])"),
          cascade={5}),
    wrong("sigma_prime_at_the_activation", 4,
          (SIGMA_PRIME, "d_L_d_Z = d_L_d_A * ACTIVATIONS[self.activations[l]][1](A[l + 1])"),
          cascade={5}),
    wrong("db_averaged_not_summed", 4, (DB, "db[l] = d_L_d_Z.mean(axis=0)"), cascade={5}),
    wrong("last_partial_batch_dropped", 5,
          (BATCHES, "            for start in range(0, len(X) - batch_size + 1, batch_size):")),
    wrong("weights_transposed_in_forward", 2,
          ("            Z = A @ W + b\n            A = self.activate(l, Z)\n        return A if",
           "            Z = A @ (W.T if W.shape[0] == W.shape[1] else W) + b\n"
           "            A = self.activate(l, Z)\n        return A if"), cascade={4, 5}),
    wrong("leaky_relu", 1,
          ("return np.maximum(0.0, np.asarray(z, dtype=float))",
           "z = np.asarray(z, dtype=float)\n    return np.where(z > 0, z, 0.01 * z)")),
    wrong("mse_mean_of_row_sums", 3,
          (MSE, "return float(np.mean(np.sum((Y_true - Y_pred) ** 2, axis=-1)))")),
    # One line each, in every part (error carried forward: each loses points in its part only)
    wrong("sigmoid_sign_flipped", 1, ("return 1 / (1 + np.exp(-z))", "return 1 / (1 + np.exp(z))")),
    wrong("sigmoid_derivative_of_the_output", 1, ("s = sigmoid(z)\n", "s = z\n")),
    wrong("tanh_derivative_without_the_square", 1,
          ("return 1 - tanh(z) ** 2", "return 1 - tanh(z)")),
    wrong("relu_derivative_is_the_sign", 1,
          ("np.where(np.asarray(z) > 0, 1.0, 0.0)", "np.where(np.asarray(z) > 0, 1.0, -1.0)")),
    wrong("identity_derivative_zeros", 1,
          ("return np.ones(np.shape(z))", "return np.zeros(np.shape(z))")),
    wrong("softmax_summed_down_the_columns", 1,
          ("return exps / exps.sum(axis=-1, keepdims=True)",
           "return exps / exps.sum(axis=0, keepdims=True)")),
    wrong("forward_without_the_bias", 2,
          ("            Z = A @ W + b\n            A = self.activate(l, Z)\n        return A if",
           "            Z = A @ W\n            A = self.activate(l, Z)\n        return A if")),
    wrong("forward_one_sample_stays_2d", 2,
          ("return A if X.ndim == 2 else A[0]", "return A")),
    wrong("init_weights_transposed", 2, ("size=(n_in, n_out))", "size=(n_out, n_in))")),
    wrong("init_ignores_the_seed", 2,
          ("rng = np.random.default_rng(seed)", "rng = np.random.default_rng(0)")),
    wrong("mse_sum_not_mean", 3, (MSE, "return float(np.sum((Y_true - Y_pred) ** 2))")),
    wrong("mse_absolute_errors", 3, (MSE, "return float(np.mean(np.abs(Y_true - Y_pred)))")),
    wrong("bp_sign_of_d_L_d_A", 4, (D_L_D_A, "d_L_d_A = 2 * (Y - A[-1]) / Y.size")),
    wrong("bp_mean_over_samples_not_entries", 4,
          (D_L_D_A, "d_L_d_A = -2 * (Y - A[-1]) / len(Y)")),
    wrong("bp_softmax_as_if_elementwise", 4,
          ("d_L_d_Z = S * (d_L_d_A - np.sum(d_L_d_A * S, axis=1, keepdims=True))",
           "d_L_d_Z = d_L_d_A * S * (1 - S)")),
    wrong("bp_batch_gradient_divided_twice", 4,
          ("dW[l] = A[l].T @ d_L_d_Z", "dW[l] = A[l].T @ d_L_d_Z / len(X)")),
    wrong("bp_error_skips_the_activation", 4,
          ("d_L_d_A = d_L_d_Z @ self.weights[l].T", "d_L_d_A = d_L_d_A @ self.weights[l].T")),
    wrong("train_ascent", 5, ("[W - learn_rate * g for W", "[W + learn_rate * g for W")),
    wrong("train_biases_never_updated", 5,
          ("[b - learn_rate * g for b, g in zip(self.biases, db)]",
           "[b for b, g in zip(self.biases, db)]")),
    wrong("train_loss_of_the_last_batch", 5,
          ("losses.append(mse_loss(Y, self.forward(X)))",
           "losses.append(mse_loss(Y[start:start + batch_size], "
           "self.forward(X[start:start + batch_size])))")),
    wrong("train_one_epoch_short", 5,
          ("for epoch in range(epochs):", "for epoch in range(epochs - 1):")),
    wrong("train_batches_in_a_random_order", 5,
          (BATCHES, "            for start in np.random.permutation(range(0, len(X), batch_size)):")),
]

NULL = """import numpy as np

def sigmoid(z): return {c}
def sigmoid_derivative(z): return {c}
def tanh(z): return {c}
def tanh_derivative(z): return {c}
def relu(z): return {c}
def relu_derivative(z): return {c}
def identity(z): return {c}
def identity_derivative(z): return {c}
def softmax(z): return {c}

class MLP:
    def __init__(self, layer_sizes, activations, seed=0):
        pass
    def forward(self, X): return {fw}
    def backprop(self, X, Y): return {bp}
    def train(self, X, Y, learn_rate=0.1, epochs=100, batch_size=1): return {tr}

def mse_loss(Y_true, Y_pred): return {mse}
"""

NULL_EFFORT = {
    "constants": NULL.format(c="0.5", fw="0.5", bp="([], [])", tr="[]", mse="0.5"),
    "zeros": NULL.format(c="np.zeros(np.shape(z))", fw="np.zeros(np.shape(X))",
                         bp="([np.zeros(2)], [np.zeros(2)])", tr="[0.0] * epochs", mse="0.0"),
    "echoes_of_the_input": NULL.format(c="z", fw="X", bp="(X, Y)", tr="list(np.ravel(Y))",
                                       mse="float(np.mean(Y_pred))"),
    "empty_answers": NULL.format(c="None", fw="None", bp="None", tr="None", mse="None"),
}

HARD_CODED = NULL.format(
    c="0.5 if np.ndim(z) == 0 else np.array([0.09003057, 0.24472847, 0.66524096])",
    fw="np.array([[0.7216325609518421]])",
    bp="([np.full((2, 2), 0.02146953526581111), np.zeros((2, 1))], [np.zeros(2), np.zeros(1)])",
    tr="[0.3] * epochs", mse="0.5")
