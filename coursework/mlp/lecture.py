"""The lecture's facts as `mlp` states them: the 2-2-1 network as matrices, its worked
numbers, the four people."""

import math

import numpy as np


def sigma(x: float) -> float:
    return 1 / (1 + math.exp(-x))


ARCHITECTURE = ([2, 2, 1], ["sigmoid", "sigmoid"])

# w1 = w3 = w5 = 0, w2 = w4 = w6 = 1, biases 0: weights[0] = [[w1, w3], [w2, w4]].
FEEDFORWARD_WEIGHTS = [np.array([[0.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [1.0]])]
ZERO_BIASES = [np.zeros(2), np.zeros(1)]
FEEDFORWARD_X = np.array([[2.0, 3.0]])
FEEDFORWARD_O1 = sigma(sigma(3.0))                                       # 0.72163

ALL_ONES = [np.ones((2, 2)), np.ones((2, 1))]
ALICE_X, ALICE_Y = np.array([[-2.0, -1.0]]), np.array([[1.0]])
_h = sigma(-3.0)
_o = sigma(2 * _h)
D_L_D_W1 = -2 * (1 - _o) * _o * (1 - _o) * (-2) * _h * (1 - _h)          # 0.021470

# weight - 135 lb, height - 66 in; 1 = female, 0 = male
PEOPLE_X = np.array([[-2.0, -1.0], [25.0, 6.0], [17.0, 4.0], [-15.0, -6.0]])
PEOPLE_Y = np.array([[1.0], [0.0], [0.0], [1.0]])

SOFTMAX_X = np.array([1.0, 2.0, 3.0])
MSE_TRUE, MSE_PRED = [[1.0], [0.0], [0.0], [1.0]], [[0.0], [0.0], [0.0], [0.0]]
