"""The reference of the `perceptron` toy: a step activation, a prediction, a training loop."""
import numpy as np


def step(x):
    """1 where x >= 0, else 0, elementwise."""
    return np.where(np.asarray(x, dtype=float) >= 0, 1.0, 0.0)


class Perceptron:
    """weights w (an array) and bias b (a float)."""

    def __init__(self, n):
        self.w = np.zeros(n)
        self.b = 0.0

    def predict(self, x):
        """step(w · x + b), as a float."""
        return float(step(np.dot(self.w, x) + self.b))

    def train(self, X, y, learn_rate=1.0, epochs=10):
        """The perceptron rule, sample by sample: w += η (y - ŷ) x, b += η (y - ŷ); returns the
        number of mistakes in each epoch."""
        mistakes = []
        for _ in range(epochs):
            wrong = 0
            for x, target in zip(X, y):
                error = target - self.predict(x)
                self.w = self.w + learn_rate * error * np.asarray(x, dtype=float)
                self.b = self.b + learn_rate * error
                wrong += int(error != 0)
            mistakes.append(wrong)
        return mistakes
