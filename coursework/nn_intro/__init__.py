"""`nn_intro`: the lecture "Introduction to neural networks" — a neuron, sigmoid/tanh/ReLU and
their derivatives, the 2-2-1 network, the mean squared error, backpropagation by the chain
rule, and training by stochastic gradient descent. The interface students implement is
`docs/assignment.md`; the checks are `docs/checks.md`.
"""

from pathlib import Path

from autograder.assignment import Assignment

from .checks import checks
from .figures import figures

REPOSITORY = Path(__file__).resolve().parents[2]

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
)
