"""`mlp`: the lecture's multilayer perceptron, vectorised — any number of layers of any size,
sigmoid, tanh, ReLU, identity and softmax, trained by mini-batch gradient descent. The
interface students implement is `docs/mlp.md`."""

from pathlib import Path

from autograder.assignment import Assignment

from .checks import checks

REPOSITORY = Path(__file__).resolve().parents[2]

ASSIGNMENT = Assignment(
    name="mlp",
    title="The multilayer perceptron",
    parts={
        1: "Activation functions, vectorised",
        2: "The network and forward propagation",
        3: "The loss",
        4: "Backpropagation",
        5: "Training with mini-batch gradient descent",
    },
    checks=checks.in_order(),
    reference=REPOSITORY / "solutions" / "mlp" / "mlp.ipynb",
    release=REPOSITORY / "assignments" / "mlp" / "mlp.ipynb",
)
