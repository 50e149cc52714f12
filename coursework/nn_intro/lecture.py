"""The lecture's facts: its data set, its example networks and its worked numbers.

Worked numbers are kept as the lecture prints them (rounded) beside the exact value the
lecture's formula gives, so feedback can quote both: "expected 0.99909 (the lecture's 0.999)".
"""

import math

import numpy as np

PARAMETERS = ("w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3")


def sigma(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def sigma_prime(x: float) -> float:
    return sigma(x) * (1 - sigma(x))


# Part 6: weight - 135 lb, height - 66 in; 1 = female, 0 = male.
PEOPLE = {
    "Alice": ((-2.0, -1.0), 1.0),
    "Bob": ((25.0, 6.0), 0.0),
    "Charlie": ((17.0, 4.0), 0.0),
    "Diana": ((-15.0, -6.0), 1.0),
}
DATA = [list(x) for x, _ in PEOPLE.values()]
Y_TRUES = [y for _, y in PEOPLE.values()]
UNSEEN = {"Emily": ((-7.0, -3.0), 1.0), "Frank": ((20.0, 2.0), 0.0)}

# Part 3: every neuron has weights [0, 1] and bias 0.
FEEDFORWARD_NETWORK = dict(w1=0.0, w2=1.0, w3=0.0, w4=1.0, w5=0.0, w6=1.0, b1=0.0, b2=0.0, b3=0.0)
FEEDFORWARD_X = [2.0, 3.0]
FEEDFORWARD_O1 = sigma(0 * sigma(3) + 1 * sigma(3))                      # 0.7216

# Part 5: all weights 1, all biases 0, on Alice.
ALL_ONES = dict(w1=1.0, w2=1.0, w3=1.0, w4=1.0, w5=1.0, w6=1.0, b1=0.0, b2=0.0, b3=0.0)
ALICE_X, ALICE_Y = list(PEOPLE["Alice"][0]), PEOPLE["Alice"][1]
ALICE_H1 = sigma(-2 - 1)                                                  # 0.0474
ALICE_O1 = sigma(ALICE_H1 + ALICE_H1)                                     # 0.524
D_L_D_YPRED = -2 * (ALICE_Y - ALICE_O1)                                   # -0.952
D_L_D_W1 = D_L_D_YPRED * (1 * sigma_prime(2 * ALICE_H1)) * (-2 * sigma_prime(-3))   # 0.0214

# Part 1
NEURON_WEIGHTS, NEURON_BIAS, NEURON_X = [0.0, 1.0], 4.0, [2.0, 3.0]
NEURON_Y = sigma(0 * 2 + 1 * 3 + 4)                                       # 0.999

# Part 2: the activations and their derivatives as the lecture defines them (elementwise), for
# the feedback report's pictures: name -> (how the lecture writes it, the function).
ACTIVATIONS = {
    "sigmoid": ("σ(x) = 1 / (1 + e^−x)", lambda x: 1 / (1 + np.exp(-x))),
    "sigmoid_derivative": ("σ'(x) = σ(x)(1 − σ(x))",
                           lambda x: (1 / (1 + np.exp(-x))) * (1 - 1 / (1 + np.exp(-x)))),
    "tanh": ("tanh(x)", np.tanh),
    "tanh_derivative": ("tanh'(x) = 1 − tanh(x)²", lambda x: 1 - np.tanh(x) ** 2),
    "relu": ("ReLU(x) = max(0, x)", lambda x: np.maximum(0.0, x)),
    "relu_derivative": ("ReLU'(x) = 1 for x > 0, 0 for x < 0", lambda x: (x > 0) * 1.0),
}
