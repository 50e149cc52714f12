"""The corpus: the reference solution with one plausible mistake each, or written differently.

Each variant is a list of (old, new) text replacements applied to the reference's code; `old`
must occur exactly once. `part` is where the mistake lives; `cascade` names later parts that
use the broken piece and may lose points too (a mistake never costs points in an earlier part).
Several are invisible to the lecture's worked numbers: only the hidden checks catch them.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Variant:
    name: str
    edits: tuple[tuple[str, str], ...]
    part: int | None = None             # None: a correct submission, written differently
    cascade: frozenset = field(default_factory=frozenset)
    public_misses: bool = False         # the lecture's worked numbers alone do not catch it

    def apply(self, code: str) -> str:
        for old, new in self.edits:
            assert code.count(old) == 1, f"{self.name}: {old!r} occurs {code.count(old)} times"
            code = code.replace(old, new)
        return code


def wrong(name, part, *edits, cascade=(), public_misses=False):
    return Variant(name, tuple(edits), part, frozenset(cascade), public_misses)


def right(name, *edits):
    return Variant(name, tuple(edits))


SIGMOID = "return 1 / (1 + np.exp(-x))"
FF_H1 = "h1 = sigmoid(self.w1 * x[0] + self.w2 * x[1] + self.b1)\n        h2"
FF_H2 = "h2 = sigmoid(self.w3 * x[0] + self.w4 * x[1] + self.b2)\n        o1"
FF_O1 = "o1 = sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3)\n        return float(o1)"
MSE = "return float(((y_true - y_pred) ** 2).mean())"
LOSS_LINE = "losses.append(mse_loss(all_y_trues, y_preds))"
EPOCH_LOOP = "for epoch in range(epochs):"
SAMPLE_LOOP = "for x, y_true in zip(data, all_y_trues):"

WRONG = [
    # Part 1 — the neuron
    wrong("sigmoid_sign_flipped", 1, (SIGMOID, "return 1 / (1 + np.exp(x))"),
          cascade={2, 3, 5, 6}),
    wrong("sigmoid_nan_at_large_x", 1,
          (SIGMOID, "return np.exp(x) / (1 + np.exp(x))"), cascade={2}, public_misses=True),
    wrong("sigmoid_math_exp_scalars_only", 1,
          (SIGMOID, "import math\n    return 1 / (1 + math.exp(-float(x)))"),
          cascade={2}, public_misses=True),
    wrong("neuron_bias_after_activation", 1,
          ("return float(sigmoid(total))", "return float(sigmoid(total - self.bias) + self.bias)")),
    wrong("neuron_only_second_weight", 1,
          ("total = np.dot(self.weights, inputs) + self.bias",
           "total = self.weights[1] * inputs[1] + self.bias"), public_misses=True),
    wrong("neuron_two_inputs_only", 1,
          ("total = np.dot(self.weights, inputs) + self.bias",
           "total = self.weights[0] * inputs[0] + self.weights[1] * inputs[1] + self.bias"),
          public_misses=True),
    # Part 2 — activations and derivatives
    wrong("sigmoid_derivative_is_sigmoid", 2, ("return fx * (1 - fx)", "return fx"),
          cascade={5, 6}),
    wrong("sigmoid_derivative_of_the_output", 2,
          ("fx = sigmoid(x)\n    return fx * (1 - fx)", "return x * (1 - x)"), cascade={5, 6}),
    wrong("sigmoid_derivative_exp_form_overflows", 2,
          ("fx = sigmoid(x)\n    return fx * (1 - fx)", "return np.exp(-x) / (1 + np.exp(-x)) ** 2"),
          public_misses=True),
    wrong("tanh_scalars_only", 2, ("return np.tanh(x)", "return np.tanh(float(x))"),
          public_misses=True),
    wrong("tanh_derivative_not_squared", 2,
          ("return 1 - tanh(x) ** 2", "return 1 - tanh(x)")),
    wrong("tanh_derivative_sech", 2, ("return 1 - tanh(x) ** 2", "return 1 / np.cosh(x)")),
    wrong("relu_leaky", 2, ("return np.maximum(0.0, x)", "return np.maximum(0.01 * x, x)")),
    wrong("relu_clips_at_one", 2, ("return np.maximum(0.0, x)", "return np.clip(x, 0.0, 1.0)"),
          public_misses=False),
    wrong("relu_derivative_seven_at_zero", 2,
          ("return np.where(np.asarray(x) > 0, 1.0, 0.0)",
           "x = np.asarray(x)\n    return np.where(x > 0, 1.0, np.where(x < 0, 0.0, 7.0))"),
          public_misses=True),
    wrong("relu_derivative_is_relu", 2,
          ("return np.where(np.asarray(x) > 0, 1.0, 0.0)", "return np.where(np.asarray(x) > 0, x, 0.0)")),
    wrong("relu_derivative_sign_only_up_to_one", 2,
          ("return np.where(np.asarray(x) > 0, 1.0, 0.0)",
           "return np.where(np.asarray(x) > 1, 1.0, 0.0)"), public_misses=True),
    # Part 3 — feedforward
    wrong("ff_output_weights_swapped", 3,
          (FF_O1, "o1 = sigmoid(self.w6 * h1 + self.w5 * h2 + self.b3)\n        return float(o1)"),
          public_misses=True),
    wrong("ff_h2_uses_b1", 3,
          (FF_H2, "h2 = sigmoid(self.w3 * x[0] + self.w4 * x[1] + self.b1)\n        o1"),
          public_misses=True),
    wrong("ff_no_output_activation", 3,
          (FF_O1, "o1 = self.w5 * h1 + self.w6 * h2 + self.b3\n        return float(o1)")),
    wrong("ff_h1_weights_on_same_input", 3,
          (FF_H1, "h1 = sigmoid(self.w1 * x[0] + self.w2 * x[0] + self.b1)\n        h2")),
    wrong("ff_lists_unsupported", 3,           # right values for arrays, a TypeError for lists
          (FF_H1, "x = x * 1.0\n        h1 = sigmoid(self.w1 * x[0] + self.w2 * x[1] + self.b1)"
                  "\n        h2")),
    wrong("ff_hidden_relu", 3,
          (FF_H2, "h2 = relu(self.w3 * x[0] + self.w4 * x[1] + self.b2)\n        o1")),
    wrong("init_requires_an_argument", 3,       # only NeuralNetwork() itself is charged
          ("def __init__(self):", "def __init__(self, seed):\n        np.random.seed(seed)")),
    wrong("init_weights_all_zero", 3,
          *[(f"self.{p} = np.random.normal()", f"self.{p} = 0.0")
            for p in ("w1", "w2", "w3", "w4", "w5", "w6")]),
    wrong("init_one_value_for_every_parameter", 3,
          ("# Weights\n", "v = np.random.normal()\n        # Weights\n"),
          *[(f"self.{p} = np.random.normal()", f"self.{p} = v")
            for p in ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")]),
    # Part 4 — the loss
    wrong("mse_sum_not_mean", 4, (MSE, "return float(((y_true - y_pred) ** 2).sum())")),
    wrong("mse_absolute_error", 4, (MSE, "return float(np.abs(y_true - y_pred).mean())"),
          public_misses=True),
    wrong("mse_signed_error", 4, (MSE, "return float((y_true - y_pred).mean())"),
          public_misses=True),
    wrong("mse_root", 4, (MSE, "return float(np.sqrt(((y_true - y_pred) ** 2).mean()))")),
    wrong("mse_lists_unsupported", 4,
          ("y_true = np.asarray(y_true, dtype=float)\n    y_pred = np.asarray(y_pred, dtype=float)\n    ", ""),
          cascade={6}),
    # Part 5 — backpropagation
    wrong("bp_sign_of_d_L_d_ypred", 5,
          ("d_L_d_ypred = -2 * (y_true - y_pred)", "d_L_d_ypred = 2 * (y_true - y_pred)"),
          cascade={6}),
    wrong("bp_missing_factor_2", 5,
          ("d_L_d_ypred = -2 * (y_true - y_pred)", "d_L_d_ypred = -(y_true - y_pred)"),
          cascade={6}),
    wrong("bp_w5_derivative_at_activation", 5,
          ("d_ypred_d_w5 = h1 * sigmoid_derivative(sum_o1)", "d_ypred_d_w5 = h1 * sigmoid_derivative(o1)"),
          cascade={6}, public_misses=True),
    wrong("bp_w5_w6_swapped_in_chain", 5,
          ("d_ypred_d_h1 = self.w5 * sigmoid_derivative(sum_o1)",
           "d_ypred_d_h1 = self.w6 * sigmoid_derivative(sum_o1)"), cascade={6}, public_misses=True),
    wrong("bp_w2_uses_x1", 5,
          ("d_h1_d_w2 = x[1] * sigmoid_derivative(sum_h1)", "d_h1_d_w2 = x[0] * sigmoid_derivative(sum_h1)"),
          cascade={6}, public_misses=True),
    wrong("bp_b3_derivative_is_one", 5,
          ("d_ypred_d_b3 = sigmoid_derivative(sum_o1)", "d_ypred_d_b3 = 1"),
          cascade={6}, public_misses=True),
    wrong("bp_h2_at_sum_h1", 5,
          ("d_h2_d_w3 = x[0] * sigmoid_derivative(sum_h2)", "d_h2_d_w3 = x[0] * sigmoid_derivative(sum_h1)"),
          cascade={6}, public_misses=True),
    wrong("bp_for_labels_0_and_1_only", 5,
          ("d_L_d_ypred = -2 * (y_true - y_pred)",
           "d_L_d_ypred = -2 * (1 - y_pred) if y_true else 2 * y_pred"),
          cascade={6}, public_misses=True),
    wrong("bp_reuses_an_earlier_feedforward", 5,
          ("sum_h1 = self.w1 * x[0] + self.w2 * x[1] + self.b1\n        h1 = sigmoid(sum_h1)",
           "if not hasattr(self, 'kept'):\n            self.kept = x\n        x = self.kept\n"
           "        sum_h1 = self.w1 * x[0] + self.w2 * x[1] + self.b1\n        h1 = sigmoid(sum_h1)"),
          cascade={6}, public_misses=True),
    wrong("bp_updates_the_parameters", 5,
          ("# --- The chain rule:", "self.b3 -= 0.1 * d_L_d_ypred * d_ypred_d_b3\n        # --- The chain rule:"),
          cascade={6}, public_misses=True),
    # Part 6 — training
    wrong("train_ascent", 6, *[(f"self.{p} -= learn_rate", f"self.{p} += learn_rate")
                               for p in ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")]),
    wrong("train_ascent_on_w1_only", 6, ("self.w1 -= learn_rate", "self.w1 += learn_rate"),
          public_misses=True),
    wrong("train_hard_coded_learning_rate", 6,
          ("losses = []\n        for epoch", "learn_rate = 0.1\n        losses = []\n        for epoch"),
          public_misses=True),
    wrong("train_samples_reversed", 6,
          (SAMPLE_LOOP, "for x, y_true in zip(data[::-1], all_y_trues[::-1]):"), public_misses=True),
    wrong("train_shuffles", 6,
          (SAMPLE_LOOP, "for i in np.random.permutation(len(data)):\n                x, y_true = data[i], all_y_trues[i]"),
          public_misses=True),
    wrong("train_updates_before_all_gradients", 6,
          ('self.w5 -= learn_rate * d_L_d["w5"]', 'self.w5 -= learn_rate * self.backprop(x, y_true)["w5"]'),
          public_misses=True),
    wrong("train_loss_of_last_sample", 6,
          (LOSS_LINE, "losses.append(mse_loss([y_true], [self.feedforward(x)]))")),
    wrong("train_loss_before_updates", 6,
          (EPOCH_LOOP, EPOCH_LOOP + "\n            losses.append(mse_loss(all_y_trues, [self.feedforward(x) for x in data]))"),
          (LOSS_LINE, "pass")),
    wrong("train_one_extra_epoch", 6, (EPOCH_LOOP, "for epoch in range(epochs + 1):")),
]

RIGHT = [
    right("relu_derivative_one_at_zero",
          ("return np.where(np.asarray(x) > 0, 1.0, 0.0)", "return np.where(np.asarray(x) >= 0, 1.0, 0.0)")),
    right("tanh_from_the_lecture_formula",
          ("return np.tanh(x)", "return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))")),
    right("tanh_derivative_via_sigmoid", ("return 1 - tanh(x) ** 2", "return 4 * sigmoid_derivative(2 * x)")),
    right("sigmoid_via_tanh", (SIGMOID, "return 0.5 * (1 + np.tanh(np.asarray(x) / 2))")),
    right("sigmoid_clipped_against_overflow", (SIGMOID, "return 1 / (1 + np.exp(-np.clip(x, -500, 500)))")),
    right("train_indexes_the_data_array",
          (SAMPLE_LOOP, "for i in range(data.shape[0]):\n                x, y_true = data[i, :], all_y_trues[i]")),
    right("train_prints_its_progress_like_the_lecture",
          (LOSS_LINE, LOSS_LINE + "\n            if epoch % 10 == 0:\n"
                      "                print(\"Epoch %d loss: %.3f\" % (epoch, losses[-1]))")),
    right("sigmoid_vectorised_math_without_overflow",
          (SIGMOID, "import math\n    return np.vectorize(lambda v: 1 / (1 + math.exp(-v)) if v >= 0 "
                    "else math.exp(v) / (1 + math.exp(v)))(x)")),
    right("backprop_returns_an_ordered_dict",
          ("        return {\n            \"w1\"", "        import collections\n        return collections.OrderedDict({\n            \"w1\""),
          ('            "b3": float(d_L_d_ypred * d_ypred_d_b3),\n        }', '            "b3": float(d_L_d_ypred * d_ypred_d_b3),\n        })')),
    right("relu_as_a_mask", ("return np.maximum(0.0, x)", "return x * (np.asarray(x) > 0)")),
    right("train_updates_by_name", ('self.w1 -= learn_rate * d_L_d["w1"]',
          'for p, g in d_L_d.items():\n                    setattr(self, p, getattr(self, p) - learn_rate * g)\n'
          '                continue')),
    right("mse_with_np_square_and_average",
          (MSE, "return np.average(np.square(np.subtract(y_true, y_pred)))")),
    right("backprop_returns_numpy_scalars",
          ('"w1": float(d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1)', '"w1": np.float64(d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1)')),
    right("feedforward_returns_a_numpy_scalar", ("return float(o1)\n", "return o1\n")),
    right("relu_derivative_as_bool_array",
          ("return np.where(np.asarray(x) > 0, 1.0, 0.0)", "return np.asarray(x) > 0")),
]

# The misconception the grader must name for each corpus mistake that the catalogue
# (solutions/nn_intro/misconceptions.py) describes. The corpus was written before the catalogue
# and independently of it; every mistake not listed here is one the catalogue does not
# describe, and must get no diagnosis at all (its feedback stays factual).
DIAGNOSED = {
    "sigmoid_derivative_exp_form_overflows": "sigma_prime_overflows",
    "sigmoid_sign_flipped": "sigmoid_exponent_sign",
    "sigmoid_nan_at_large_x": "sigmoid_overflows",
    "neuron_bias_after_activation": "neuron_bias_after_activation",
    "sigmoid_derivative_is_sigmoid": "sigma_prime_is_sigma",
    "sigmoid_derivative_of_the_output": "sigma_prime_of_the_output",
    "tanh_derivative_not_squared": "tanh_prime_not_squared",
    "relu_derivative_is_relu": "relu_prime_is_relu",
    "ff_output_weights_swapped": "ff_output_weights_swapped",
    "ff_no_output_activation": "ff_no_output_activation",
    "mse_sum_not_mean": "mse_sum_not_mean",
    "mse_absolute_error": "mse_absolute_error",
    "mse_signed_error": "mse_errors_not_squared",
    "mse_root": "mse_root",
    "mse_lists_unsupported": "mse_list_arithmetic",
    "bp_sign_of_d_L_d_ypred": "bp_sign_of_d_L_d_ypred",
    "bp_missing_factor_2": "bp_missing_factor_2",
    "train_ascent": "train_gradient_ascent",
    "train_hard_coded_learning_rate": "train_ignores_learn_rate",
    "train_loss_of_last_sample": "train_loss_of_last_sample",
    "train_loss_before_updates": "train_loss_before_updates",
    "train_one_extra_epoch": "train_extra_epoch",
}
