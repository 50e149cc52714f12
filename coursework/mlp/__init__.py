"""`mlp`: the lecture's multilayer perceptron, vectorised — any number of layers of any size,
sigmoid, tanh, ReLU, identity and softmax, trained by mini-batch gradient descent. The
interface students implement is `docs/mlp.md`."""

from pathlib import Path

from autograder.authoring import Assignment, Lend

from .checks import checks

REPOSITORY = Path(__file__).resolve().parents[2]

# What each part's code may call of the earlier parts (error carried forward).
ACTIVATIONS = tuple(Lend(name, 1) for name in (
    "sigmoid", "sigmoid_derivative", "tanh", "tanh_derivative", "relu", "relu_derivative",
    "identity", "identity_derivative", "softmax"))
PARAMETERS = ("weights", "biases")
FORWARD = Lend("forward", 2, "MLP", PARAMETERS)
MSE = Lend("mse_loss", 3)
BACKPROP = Lend("backprop", 4, "MLP", PARAMETERS)

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
    lends={2: ACTIVATIONS, 4: (*ACTIVATIONS, FORWARD, MSE),
           5: (*ACTIVATIONS, FORWARD, MSE, BACKPROP)},
)
