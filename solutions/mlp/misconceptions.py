"""The error model of the multilayer perceptron: the mistakes students make vectorising it.

Each entry is a small executable variant of the reference (edits of its code: hidden, like the
reference) and a diagnosis written for the student. When a failed check's values are exactly
what an entry's variant gives on the same inputs (and not what the reference gives), the
feedback names the entry. `autograder validate --assignment mlp` grades every variant: each
must lose points in its own part and be diagnosed by its own name.
"""

from autograder.authoring import misconception as m

SOFTMAX = ("    exps = np.exp(Z - Z.max(axis=-1, keepdims=True))\n"
           "    return exps / exps.sum(axis=-1, keepdims=True)")
MSE = "return float(np.mean((Y_true - Y_pred) ** 2))"
D_L_D_A = "d_L_d_A = -2 * (Y - A[-1]) / Y.size"
SIGMA_PRIME = "d_L_d_Z = d_L_d_A * ACTIVATIONS[self.activations[l]][1](Z[l])"
SOFTMAX_JACOBIAN = ("d_L_d_Z = S * (d_L_d_A - np.sum(d_L_d_A * S, axis=1, keepdims=True))")
DW = "dW[l] = A[l].T @ d_L_d_Z"
DB = "db[l] = d_L_d_Z.sum(axis=0)"
BATCHES = "for start in range(0, len(X), batch_size):"
LOSS = "losses.append(mse_loss(Y, self.forward(X)))"
EPOCH = "for epoch in range(epochs):"

P1 = "Part 1, activation functions"
P3 = "Part 3, the loss"
P4 = "Part 4, backpropagation"
P5 = "Part 5, training"

CATALOGUE = [
    # --- Part 1 ----------------------------------------------------------------------------
    m("softmax_over_the_whole_array", 1, "softmax normalised over the whole array, not per row",
      likely="Your softmax divides by the sum over every entry of Z: for one row it is right, "
             "for several rows each row sums to less than 1.",
      lecture=f"{P1}: softmax maps each row z to e^(z_j) / Σ_i e^(z_i), the sum over that row",
      hint="Sum along the last axis only (axis=-1, keepdims=True), and take each row's own "
           "maximum.",
      edits=[(SOFTMAX, "    exps = np.exp(Z - Z.max())\n    return exps / exps.sum()")]),
    # --- Part 3 ----------------------------------------------------------------------------
    m("mse_mean_of_row_sums", 3, "the squared errors summed over the outputs, then averaged "
      "over the samples",
      likely="Your mse_loss is k times the mean for k outputs: it sums each row's squared "
             "errors before averaging over the rows.",
      lecture=f"{P3}: the MSE is the mean over all entries, outputs and samples alike",
      hint="One mean over every entry of the array: np.mean of the squared errors.",
      edits=[(MSE, "return float(np.mean(np.sum((Y_true - Y_pred) ** 2, axis=-1)))")]),
    # --- Part 4 ----------------------------------------------------------------------------
    m("gradient_of_the_sum", 4, "the gradient of the sum of squared errors, not of their mean",
      likely="Every dW and db you return is Y.size times too large: ∂L/∂A of the output "
             "misses the 1/(number of entries) of the mean.",
      lecture=f"{P4}: L is the mean over all entries, so ∂L/∂A = −2(Y − A) / Y.size",
      hint="Differentiate the mean, not the sum: divide by the number of entries.",
      edits=[(D_L_D_A, "d_L_d_A = -2 * (Y - A[-1])")]),
    m("sigma_prime_at_the_activation", 4, "f' evaluated at the activation A instead of at Z",
      likely="Your chain multiplies by f'(A), the derivative at the layer's output, where it "
             "needs f'(Z), at its pre-activation.",
      lecture=f"{P4}: ∂L/∂Z_l = ∂L/∂A_(l+1) ⊙ f'_l(Z_l), with f' at the pre-activation",
      hint="Keep each layer's Z from the forward pass and pass it to the derivative.",
      edits=[(SIGMA_PRIME,
              "d_L_d_Z = d_L_d_A * ACTIVATIONS[self.activations[l]][1](A[l + 1])")]),
    m("db_averaged", 4, "db averaged over the samples instead of summed",
      likely="Your db is n times too small for a batch of n samples: it averages ∂L/∂Z over "
             "the rows, where the mean is already in ∂L/∂A.",
      lecture=f"{P4}: ∂L/∂b_l = Σ over the samples of ∂L/∂Z_l (the bias is added to every row)",
      hint="The bias touches every row once: add the rows' gradients up.",
      edits=[(DB, "db[l] = d_L_d_Z.mean(axis=0)")]),
    m("dW_transposed", 4, "dW computed transposed (∂L/∂Zᵀ · A)",
      likely="Your dW[l] has the shape of weights[l] transposed: (∂L/∂Z)ᵀ A instead of Aᵀ ∂L/∂Z.",
      lecture=f"{P4}: ∂L/∂W_l = A_lᵀ ∂L/∂Z_l, of W_l's shape (n_l, n_(l+1))",
      hint="Check the shapes: A_l is (n, n_l), ∂L/∂Z_l is (n, n_(l+1)).",
      edits=[(DW, "dW[l] = d_L_d_Z.T @ A[l]")]),
    m("softmax_treated_elementwise", 4, "softmax differentiated as if it were elementwise",
      likely="Your gradient through the softmax output uses S(1 − S), the diagonal of its "
             "Jacobian only: each output of a softmax depends on every entry of its row.",
      lecture=f"{P4}: through a softmax, ∂L/∂z_j = S_j (g_j − Σ_i g_i S_i) for g = ∂L/∂S",
      hint="Write the Jacobian of one row's softmax, then multiply it by that row's gradient.",
      edits=[(SOFTMAX_JACOBIAN, "d_L_d_Z = d_L_d_A * S * (1 - S)")]),
    # --- Part 5 ----------------------------------------------------------------------------
    m("last_partial_batch_dropped", 5, "the last, smaller batch is dropped",
      likely="Your train skips the rows left over when batch_size does not divide the number "
             "of samples: they are never trained on.",
      lecture=f"{P5}: consecutive batches of batch_size rows, the last one may be smaller",
      hint="range(0, n, batch_size) and a slice X[start:start + batch_size] give the short last "
           "batch by themselves.",
      edits=[(BATCHES, "for start in range(0, len(X) - batch_size + 1, batch_size):")]),
    m("loss_before_the_epoch", 5, "the loss is recorded before the epoch's updates",
      likely="The loss your train returns for each epoch is the loss before that epoch's "
             "updates: the list is shifted by one epoch.",
      lecture=f"{P5}: after each epoch's updates, the MSE over the whole data set",
      hint="Compute the epoch's loss after its loop over the batches.",
      edits=[(LOSS, "pass"),
             (EPOCH, EPOCH + "\n            losses.append(mse_loss(Y, self.forward(X)))")]),
]

# Mutants of the reference that behave exactly like it wherever the contract looks, so no
# check can or should fail them: (the reference's line, the mutant's line, why).
INIT = "self.weights = [rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))"
ANY_DISTRIBUTION = ("the contract asks for random initial weights from default_rng(seed), in any "
                    "distribution; training is judged only from parameters the grader sets")
EQUIVALENT_MUTANTS = [
    ("return np.where(np.asarray(z) > 0, 1.0, 0.0)",
     "return np.where(np.asarray(z) >= 0, 1.0, 0.0)",
     "the contract accepts either 0 or 1 for ReLU'(0), the only input where > and >= differ"),
    ("return np.asarray(z, dtype=float) * 1.0", "return np.asarray(z, dtype=float) / 1.0",
     "multiplying and dividing by 1.0 give the same float for every input"),
    (INIT, "self.weights = [rng.normal(1.0, 1.0 / np.sqrt(n_in), size=(n_in, n_out))",
     ANY_DISTRIBUTION),
    (INIT, "self.weights = [rng.normal(0.0, 2.0 / np.sqrt(n_in), size=(n_in, n_out))",
     ANY_DISTRIBUTION),
    (INIT, "self.weights = [rng.normal(0.0, 1.0 * np.sqrt(n_in), size=(n_in, n_out))",
     ANY_DISTRIBUTION),
]
