"""`nn_intro`: the lecture "Introduction to neural networks" — a neuron, sigmoid/tanh/ReLU and
their derivatives, the 2-2-1 network, the mean squared error, backpropagation by the chain
rule, and training by stochastic gradient descent. The interface students implement is
`docs/assignment.md`; the checks are `docs/checks.md`.
"""

from pathlib import Path

from autograder.authoring import Assignment, Lend

from .checks import checks
from .figures import figures
from .lecture import PARAMETERS

REPOSITORY = Path(__file__).resolve().parents[2]

# What each part's code may call of the earlier parts (error carried forward): the
# activations, the network's feedforward, the loss, backprop.
ACTIVATIONS = (Lend("sigmoid", 1), *(Lend(name, 2) for name in (
    "sigmoid_derivative", "tanh", "tanh_derivative", "relu", "relu_derivative")))
FEEDFORWARD = Lend("feedforward", 3, "NeuralNetwork", PARAMETERS)
BACKPROP = Lend("backprop", 5, "NeuralNetwork", PARAMETERS)
MSE = Lend("mse_loss", 4)

ASSIGNMENT = Assignment(
    name="nn_intro",
    title="Introduction to neural networks",
    parts={
        1: "The neuron",
        2: "Activation functions and their derivatives",
        3: "A neural network: feedforward",
        4: "The loss",
        5: "Backpropagation",
        6: "Training with stochastic gradient descent",
    },
    checks=checks.in_order(),
    reference=REPOSITORY / "solutions" / "nn_intro" / "nn_intro.ipynb",
    release=REPOSITORY / "assignments" / "nn_intro" / "nn_intro.ipynb",
    figures=figures,
    default=True,
    lends={2: ACTIVATIONS[:1], 3: ACTIVATIONS, 5: (*ACTIVATIONS, FEEDFORWARD, MSE),
           6: (*ACTIVATIONS, FEEDFORWARD, MSE, BACKPROP)},
)
