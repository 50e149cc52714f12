"""The lecture's error model: the mistakes students make with this material, one entry each.

Each entry is a small executable variant of the reference (edits of its code: hidden, like the
reference) and a diagnosis written for the student: what they likely did, the lecture step that
says otherwise, and a hint that does not hand over the code. When a failed check's values are
exactly what an entry's variant gives on the same inputs (and not what the reference gives),
the feedback names the entry. `autograder validate` grades every variant: each must lose points
in its own part and be diagnosed by its own name.
"""

from autograder.authoring import misconception as m

SIGMOID = "return 1 / (1 + np.exp(-x))"
NEURON_OUT = "return float(sigmoid(total))"
SIGMA_PRIME = "fx = sigmoid(x)\n    return fx * (1 - fx)"
TANH_PRIME = "return 1 - tanh(x) ** 2"
RELU = "return np.maximum(0.0, x)"
RELU_PRIME = "return np.where(np.asarray(x) > 0, 1.0, 0.0)"
FF_H1 = "h1 = sigmoid(self.w1 * x[0] + self.w2 * x[1] + self.b1)\n        h2"
FF_H2 = "h2 = sigmoid(self.w3 * x[0] + self.w4 * x[1] + self.b2)\n        o1"
FF_O1 = "o1 = sigmoid(self.w5 * h1 + self.w6 * h2 + self.b3)\n        return float(o1)"
MSE = "return float(((y_true - y_pred) ** 2).mean())"
D_L_D_YPRED = "d_L_d_ypred = -2 * (y_true - y_pred)"
Y_PRED = "y_pred = o1\n"
CHAIN_H1 = "d_ypred_d_h1 = self.w5 * sigmoid_derivative(sum_o1)"
CHAIN_H2 = "d_ypred_d_h2 = self.w6 * sigmoid_derivative(sum_o1)"
PARAMS = ("w1", "w2", "b1", "w3", "w4", "b2", "w5", "w6", "b3")
UPDATES = [(f'self.{p} -= learn_rate * d_L_d["{p}"]', f'self.{p} += learn_rate * d_L_d["{p}"]')
           for p in PARAMS]
LOSS = "losses.append(mse_loss(all_y_trues, y_preds))"
EPOCH_LOOP = "for epoch in range(epochs):"

P1 = "Part 1, the neuron"
P2 = "Part 2, activation functions"
P3 = "Part 3, a neural network"
P4 = "Part 4, the loss"
P5 = "Part 5, backpropagation"
P6 = "Part 6, training"

CATALOGUE = [
    # --- Part 1 ----------------------------------------------------------------------------
    m("sigmoid_exponent_sign", 1, "the sign in σ's exponent is flipped",
      likely="Your sigmoid falls where it should rise: its values are those of 1 / (1 + e^x), "
             "the sigmoid mirrored left to right.",
      lecture=f"{P1}: σ(x) = 1 / (1 + e^−x) rises from 0 (x → −∞) to 1 (x → +∞)",
      hint="Check σ(2) by hand: it is above 0.5. Look at the sign of the exponent.",
      edits=[(SIGMOID, "return 1 / (1 + np.exp(x))")]),
    m("sigmoid_overflows", 1, "σ is computed in a form that overflows",
      likely="Your sigmoid is right for moderate x but gives NaN for large x: e^x / (1 + e^x) "
             "is ∞ / ∞ once e^x overflows.",
      lecture=f"{P1}: σ(x) = 1 / (1 + e^−x) is finite for every finite x (the contract asks "
              "for σ(±1000) without NaN)",
      hint="Use a form of σ in which the exponential can only grow to ∞ in the denominator "
           "(1 / ∞ = 0 is fine), or clip x first.",
      edits=[(SIGMOID, "return np.exp(x) / (1 + np.exp(x))")]),
    m("neuron_bias_after_activation", 1, "the bias is added after the activation",
      likely="Your neuron's outputs are σ(w · x) + b: the bias is added to the sigmoid's "
             "output instead of to the weighted sum.",
      lecture=f"{P1}: a neuron computes y = f(w1·x1 + w2·x2 + b): the bias is inside f",
      hint="Add the bias to the weighted sum, then apply the activation to that total.",
      edits=[(NEURON_OUT, "return float(sigmoid(total - self.bias) + self.bias)")]),
    m("neuron_no_activation", 1, "the neuron has no activation",
      likely="Your neuron returns the weighted sum w · x + b itself: the activation function "
             "is never applied.",
      lecture=f"{P1}: a neuron computes y = f(w · x + b), with f the sigmoid",
      hint="Pass the total through sigmoid before returning it.",
      edits=[(NEURON_OUT, "return float(total)")]),
    # --- Part 2 ----------------------------------------------------------------------------
    m("sigma_prime_is_sigma", 2, "σ' is written as σ",
      likely="Your sigmoid_derivative(x) returns σ(x) itself, the activation rather than its "
             "slope.",
      lecture=f"{P2}: σ'(x) = σ(x)(1 − σ(x)); it is at most 0.25, at x = 0",
      hint="The derivative is the slope of σ at x: near 0 for large |x|, largest at x = 0.",
      edits=[("return fx * (1 - fx)", "return fx")]),
    m("sigma_prime_of_the_output", 2, "σ'(x) is computed as if x were already σ(x)",
      likely="Your sigmoid_derivative(x) gives x(1 − x): the formula σ(1 − σ) applied to x "
             "instead of to σ(x), as if the input were the activation.",
      lecture=f"{P2}: the derivative is taken with respect to the input x (the "
              "pre-activation): σ'(x) = σ(x)(1 − σ(x))",
      hint="First compute the activation of x, then use it in the formula.",
      edits=[(SIGMA_PRIME, "return x * (1 - x)")]),
    m("sigma_prime_overflows", 2, "σ' is computed in a form that overflows",
      likely="Your sigmoid_derivative is right for moderate x but gives NaN for large negative "
             "x: e^−x / (1 + e^−x)² is ∞ / ∞ once e^−x overflows (below x ≈ −709).",
      lecture=f"{P2}: σ'(x) = σ(x)(1 − σ(x)), finite wherever σ is",
      hint="Write σ' with the sigmoid you already have: σ(x)(1 − σ(x)) cannot overflow.",
      edits=[(SIGMA_PRIME, "return np.exp(-x) / (1 + np.exp(-x)) ** 2")]),
    m("tanh_prime_not_squared", 2, "tanh' misses its square",
      likely="Your tanh_derivative(x) gives 1 − tanh(x): the square is missing.",
      lecture=f"{P2}: tanh'(x) = 1 − tanh(x)², which is never negative",
      hint="tanh_derivative(−1) must be positive: tanh rises everywhere.",
      edits=[(TANH_PRIME, "return 1 - tanh(x)")]),
    m("tanh_prime_of_the_output", 2, "tanh'(x) is computed as if x were already tanh(x)",
      likely="Your tanh_derivative(x) gives 1 − x²: the formula 1 − tanh² applied to x instead "
             "of to tanh(x).",
      lecture=f"{P2}: the derivative is taken with respect to the input x: "
              "tanh'(x) = 1 − tanh(x)²",
      hint="First compute tanh of x, then use it in the formula.",
      edits=[(TANH_PRIME, "return 1 - x ** 2")]),
    m("tanh_prime_square_of_difference", 2, "tanh' squares the wrong thing",
      likely="Your tanh_derivative(x) gives (1 − tanh(x))²: the whole difference is squared "
             "instead of tanh(x) alone.",
      lecture=f"{P2}: tanh'(x) = 1 − tanh(x)², where only tanh(x) is squared",
      hint="Check the precedence: tanh'(0) = 1 and tanh'(x) = tanh'(−x).",
      edits=[(TANH_PRIME, "return (1 - tanh(x)) ** 2")]),
    m("relu_python_max", 2, "Python's max() on an array",
      likely="Your relu works on a single number but raises on an array: Python's built-in "
             "max compares whole objects, it does not work elementwise.",
      lecture=f"{P2}: ReLU(x) = max(0, x), applied to each element of an array",
      hint="Use numpy's elementwise operations (for example np.maximum or np.where).",
      edits=[(RELU, "return max(0.0, x)")]),
    m("relu_prime_is_relu", 2, "ReLU' is written as ReLU",
      likely="Your relu_derivative(x) returns x for positive x: that is ReLU itself, not its "
             "slope.",
      lecture=f"{P2}: ReLU'(x) = 1 for x > 0 and 0 for x < 0: the slope of max(0, x)",
      hint="The derivative is a step: it depends only on the sign of x, not on its size.",
      edits=[(RELU_PRIME, "return np.where(np.asarray(x) > 0, x, 0.0)")]),
    m("relu_prime_step_reversed", 2, "ReLU's step points the wrong way",
      likely="Your relu_derivative(x) is 1 for negative x and 0 for positive x.",
      lecture=f"{P2}: ReLU is flat (slope 0) for x < 0 and has slope 1 for x > 0",
      hint="Look at the graph of max(0, x): which side is flat?",
      edits=[(RELU_PRIME, "return np.where(np.asarray(x) < 0, 1.0, 0.0)")]),
    # --- Part 3 ----------------------------------------------------------------------------
    m("ff_no_output_activation", 3, "the output neuron has no activation",
      likely="Your feedforward returns w5·h1 + w6·h2 + b3 without σ: the output can leave "
             "(0, 1).",
      lecture=f"{P3}: o1 = f(w5·h1 + w6·h2 + b3), sigmoid everywhere",
      hint="Every neuron applies the activation, the output neuron too.",
      edits=[(FF_O1, "o1 = self.w5 * h1 + self.w6 * h2 + self.b3\n        return float(o1)")]),
    m("ff_bias_after_activation", 3, "the biases are added after the activations",
      likely="Your network's outputs are those of neurons computing σ(w · x) + b: each bias is "
             "added after the sigmoid instead of inside it.",
      lecture=f"{P3}: h1 = f(w1·x1 + w2·x2 + b1), and the same for h2 and o1",
      hint="Each bias belongs to its neuron's weighted sum, inside the activation.",
      edits=[(FF_H1, "h1 = sigmoid(self.w1 * x[0] + self.w2 * x[1]) + self.b1\n        h2"),
             (FF_H2, "h2 = sigmoid(self.w3 * x[0] + self.w4 * x[1]) + self.b2\n        o1"),
             (FF_O1, "o1 = sigmoid(self.w5 * h1 + self.w6 * h2) + self.b3\n"
                     "        return float(o1)")]),
    m("ff_output_weights_swapped", 3, "w5 and w6 are swapped",
      likely="Your output neuron weighs h1 with w6 and h2 with w5.",
      lecture=f"{P3}: o1 = f(w5·h1 + w6·h2 + b3)",
      hint="Follow the lecture's wiring diagram: which hidden neuron does w5 leave from?",
      edits=[(FF_O1, "o1 = sigmoid(self.w6 * h1 + self.w5 * h2 + self.b3)\n"
                     "        return float(o1)")]),
    m("ff_hidden_weights_transposed", 3, "the hidden layer's weights are transposed",
      likely="Your hidden neurons take their weights by input instead of by neuron: h1 uses "
             "w1 and w3, h2 uses w2 and w4 (the weight matrix transposed).",
      lecture=f"{P3}: h1 = f(w1·x1 + w2·x2 + b1), h2 = f(w3·x1 + w4·x2 + b2)",
      hint="List which weights reach h1: one from x1 and one from x2.",
      edits=[(FF_H1, "h1 = sigmoid(self.w1 * x[0] + self.w3 * x[1] + self.b1)\n        h2"),
             (FF_H2, "h2 = sigmoid(self.w2 * x[0] + self.w4 * x[1] + self.b2)\n        o1")]),
    # --- Part 4 ----------------------------------------------------------------------------
    m("mse_sum_not_mean", 4, "a sum instead of a mean",
      likely="Your mse_loss is n times too large: it adds the squared errors up but does not "
             "divide by their number.",
      lecture=f"{P4}: MSE = (1/n) Σ (y_true − y_pred)², a mean",
      hint="Compare a data set with its copy twice over: the mean squared error must not "
           "change.",
      edits=[(MSE, "return float(((y_true - y_pred) ** 2).sum())")]),
    m("mse_absolute_error", 4, "absolute errors instead of squared ones",
      likely="Your mse_loss averages |y_true − y_pred|: that is the mean absolute error.",
      lecture=f"{P4}: MSE = (1/n) Σ (y_true − y_pred)², the errors squared",
      hint="Errors smaller than 1 tell the two apart: 0.5² is 0.25, not 0.5.",
      edits=[(MSE, "return float(np.abs(y_true - y_pred).mean())")]),
    m("mse_errors_not_squared", 4, "the errors are not squared",
      likely="Your mse_loss averages the signed errors y_true − y_pred, which can cancel out "
             "and even go negative.",
      lecture=f"{P4}: MSE = (1/n) Σ (y_true − y_pred)²: each error is squared before the mean",
      hint="A loss is never negative: square each error first.",
      edits=[(MSE, "return float((y_true - y_pred).mean())")]),
    m("mse_root", 4, "the root of the mean squared error",
      likely="Your mse_loss takes a square root at the end: that is the RMSE, not the MSE.",
      lecture=f"{P4}: MSE = (1/n) Σ (y_true − y_pred)², no root",
      hint="Leave the mean of the squares as it is.",
      edits=[(MSE, "return float(np.sqrt(((y_true - y_pred) ** 2).mean()))")]),
    m("mse_square_of_mean", 4, "the square of the mean error",
      likely="Your mse_loss squares the mean error instead of averaging the squared errors, so "
             "errors of opposite signs cancel.",
      lecture=f"{P4}: MSE = (1/n) Σ (y_true − y_pred)²: square first, then average",
      hint="Errors of +1 and −1 give a mean squared error of 1, not 0.",
      edits=[(MSE, "return float(((y_true - y_pred).mean()) ** 2)")]),
    m("mse_list_arithmetic", 4, "arithmetic on Python lists",
      likely="Your mse_loss works on numpy arrays but raises on Python lists: a list minus a "
             "list is not defined.",
      lecture=f"{P4}: mse_loss takes two equal-length arrays or lists",
      hint="Turn both arguments into numpy arrays before doing arithmetic with them.",
      edits=[("y_true = np.asarray(y_true, dtype=float)\n    "
              "y_pred = np.asarray(y_pred, dtype=float)\n    ", "")]),
    # --- Part 5 ----------------------------------------------------------------------------
    m("bp_sign_of_d_L_d_ypred", 5, "the sign of ∂L/∂ŷ is flipped",
      likely="Every partial derivative you return has the right size but the wrong sign: "
             "∂L/∂ŷ lost the minus sign that the chain rule brings out of (y_true − y_pred).",
      lecture=f"{P5}: L = (y_true − y_pred)², so ∂L/∂ŷ = −2(y_true − y_pred)",
      hint="Differentiate (y_true − y_pred)² with respect to y_pred, not y_true: when y_pred "
           "is too small, increasing it must lower the loss (∂L/∂ŷ < 0).",
      edits=[(D_L_D_YPRED, "d_L_d_ypred = 2 * (y_true - y_pred)")]),
    m("bp_missing_factor_2", 5, "the factor 2 of ∂L/∂ŷ is missing",
      likely="Every partial derivative you return is exactly half the true one: ∂L/∂ŷ lost "
             "the 2 that comes down from the square.",
      lecture=f"{P5}: L = (y_true − y_pred)², so ∂L/∂ŷ = −2(y_true − y_pred)",
      hint="The derivative of u² is 2u · u'.",
      edits=[(D_L_D_YPRED, "d_L_d_ypred = -(y_true - y_pred)")]),
    m("bp_sigma_prime_at_activations", 5, "σ' evaluated at the activations",
      likely="Your partial derivatives use σ'(h1), σ'(h2) and σ'(o1): the derivative is "
             "evaluated at each neuron's output instead of at its input.",
      lecture=f"{P5}: ∂h1/∂w1 = x1 · f'(sum_h1) with sum_h1 = w1·x1 + w2·x2 + b1, the "
              "pre-activation (and the same for h2 and o1)",
      hint="Keep each neuron's weighted sum from the feedforward: f' takes that, not f's "
           "output.",
      edits=[(Y_PRED, "y_pred = o1\n        sum_h1, sum_h2, sum_o1 = h1, h2, o1\n")]),
    m("bp_sigma_prime_at_output_activation", 5, "σ' of the output neuron evaluated at o1",
      likely="Your partial derivatives use σ'(o1) for the output neuron: the derivative is "
             "evaluated at its output instead of at its input sum_o1.",
      lecture=f"{P5}: ∂ŷ/∂w5 = h1 · f'(sum_o1) with sum_o1 = w5·h1 + w6·h2 + b3",
      hint="f' takes the neuron's weighted sum, not the value f gave.",
      edits=[(Y_PRED, "y_pred = o1\n        sum_o1 = o1\n")]),
    m("bp_sigma_prime_at_hidden_activations", 5, "σ' of the hidden neurons evaluated at h1, h2",
      likely="Your partial derivatives for w1 … w4, b1, b2 use σ'(h1) and σ'(h2): the "
             "derivative is evaluated at the hidden neurons' outputs instead of their inputs.",
      lecture=f"{P5}: ∂h1/∂w1 = x1 · f'(sum_h1) with sum_h1 = w1·x1 + w2·x2 + b1",
      hint="f' takes the neuron's weighted sum, not the value f gave.",
      edits=[(Y_PRED, "y_pred = o1\n        sum_h1, sum_h2 = h1, h2\n")]),
    m("bp_chain_weights_swapped", 5, "w5 and w6 are swapped in the chain rule",
      likely="Your partial derivatives of the hidden layer use ∂ŷ/∂h1 = w6 · f'(sum_o1) and "
             "∂ŷ/∂h2 = w5 · f'(sum_o1): the weights of the two paths are exchanged.",
      lecture=f"{P5}: ∂ŷ/∂h1 = w5 · f'(sum_o1): h1 reaches o1 through w5",
      hint="Follow each hidden neuron's own edge to the output in the wiring diagram.",
      edits=[(CHAIN_H1, "d_ypred_d_h1 = self.w6 * sigmoid_derivative(sum_o1)"),
             (CHAIN_H2, "d_ypred_d_h2 = self.w5 * sigmoid_derivative(sum_o1)")]),
    m("bp_chain_misses_output_slope", 5, "the output neuron's σ' is missing from the hidden "
      "layer's chain",
      likely="Your partial derivatives for w1 … w4, b1, b2 use ∂ŷ/∂h1 = w5 (and w6 for h2): "
             "the slope of the output neuron is left out of the chain.",
      lecture=f"{P5}: ∂ŷ/∂h1 = w5 · f'(sum_o1): the chain passes through o1's activation",
      hint="Write the chain link by link: L → ŷ → h1 → w1; each link is one derivative.",
      edits=[(CHAIN_H1, "d_ypred_d_h1 = self.w5"), (CHAIN_H2, "d_ypred_d_h2 = self.w6")]),
    m("bp_inputs_swapped", 5, "x1 and x2 are swapped in the hidden layer's partials",
      likely="Your ∂L/∂w1 uses x2 and your ∂L/∂w2 uses x1 (and the same for w3, w4).",
      lecture=f"{P5}: ∂h1/∂w1 = x1 · f'(sum_h1), ∂h1/∂w2 = x2 · f'(sum_h1)",
      hint="w1 multiplies x1 in sum_h1, so the derivative by w1 brings down x1.",
      edits=[("d_h1_d_w1 = x[0]", "d_h1_d_w1 = x[1]"), ("d_h1_d_w2 = x[1]", "d_h1_d_w2 = x[0]"),
             ("d_h2_d_w3 = x[0]", "d_h2_d_w3 = x[1]"), ("d_h2_d_w4 = x[1]", "d_h2_d_w4 = x[0]")]),
    # --- Part 6 ----------------------------------------------------------------------------
    m("train_gradient_ascent", 6, "gradient ascent instead of descent",
      likely="Your training moves every parameter along its gradient, p ← p + η · ∂L/∂p: the "
             "loss goes up.",
      lecture=f"{P6}: p ← p − η · ∂L/∂p, against the gradient",
      hint="The gradient points uphill; a step downhill goes the other way.",
      edits=UPDATES),
    m("train_updates_before_all_gradients", 6, "parameters updated before every gradient is "
      "computed",
      likely="Your training recomputes the gradients after updating some parameters, so the "
             "later parameters move by gradients of an already-changed network.",
      lecture=f"{P6}: for each sample, first compute every ∂L/∂p at the current parameters, "
              "then update them all",
      hint="Compute all nine partial derivatives into variables first; only then change the "
           "parameters.",
      edits=[(f'self.{p} -= learn_rate * d_L_d["{p}"]',
              f'self.{p} -= learn_rate * self.backprop(x, y_true)["{p}"]') for p in PARAMS]),
    m("train_full_batch", 6, "one update per epoch (batch gradient descent)",
      likely="Your training takes one step per epoch with the gradients averaged over all "
             "samples: that is batch gradient descent, not stochastic.",
      lecture=f"{P6}: stochastic gradient descent updates the parameters after every sample",
      hint="Move the update inside the loop over the samples.",
      edits=[("            for x, y_true in zip(data, all_y_trues):\n"
              "                d_L_d = self.backprop(x, y_true)\n",
              "            grads = [self.backprop(x, y_true) for x, y_true in "
              "zip(data, all_y_trues)]\n"
              "            for _ in [0]:\n"
              "                d_L_d = {p: sum(g[p] for g in grads) / len(grads) "
              "for p in grads[0]}\n")]),
    m("train_loss_before_updates", 6, "the loss is recorded before the epoch's updates",
      likely="The loss your train returns for each epoch is the loss before that epoch's "
             "updates: the list is shifted by one epoch.",
      lecture=f"{P6}: after each epoch's updates, record the MSE over the whole data set",
      hint="Compute the epoch's loss after its loop over the samples.",
      edits=[(EPOCH_LOOP, EPOCH_LOOP + "\n            losses.append(mse_loss(all_y_trues, "
                                       "[self.feedforward(x) for x in data]))"),
             (LOSS, "pass")]),
    m("train_loss_of_last_sample", 6, "the loss of the last sample only",
      likely="The loss your train returns is the squared error of the last sample, not the "
             "MSE over the whole data set.",
      lecture=f"{P6}: after each epoch, record the MSE over all samples",
      hint="Predict every sample with the updated network and take mse_loss over all of them.",
      edits=[(LOSS, "losses.append(mse_loss([y_true], [self.feedforward(x)]))")]),
    m("train_ignores_learn_rate", 6, "the learning rate is fixed",
      likely="Your training moves the parameters by the same amount whatever learn_rate it "
             "is given: it uses η = 0.1.",
      lecture=f"{P6}: p ← p − η · ∂L/∂p with η = learn_rate, the argument",
      hint="Use the learn_rate argument in the update, not a constant.",
      edits=[("losses = []\n        for epoch",
              "learn_rate = 0.1\n        losses = []\n        for epoch")]),
    m("train_extra_epoch", 6, "one epoch too many",
      likely="Your train runs epochs + 1 epochs (and returns epochs + 1 losses).",
      lecture=f"{P6}: epochs is the number of passes over the data set",
      hint="range(n) already runs n times.",
      edits=[(EPOCH_LOOP, "for epoch in range(epochs + 1):")]),
]

# Mutants of the reference (from `autograder validate`'s mutation testing) that behave exactly
# like it wherever the contract looks, so no check can or should fail them:
# (the reference's line, the mutant's line, why they are equivalent).
EQUIVALENT_MUTANTS = [
    (RELU_PRIME, "return np.where(np.asarray(x) >= 0, 1.0, 0.0)",
     "the contract accepts either 0 or 1 for ReLU'(0), the only input where > and >= differ"),
]
