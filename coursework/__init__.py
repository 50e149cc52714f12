"""The course's assignments, one package each, holding all of an assignment's content: its
parts, checks and points, lecture references, input strategies, pictures, and where its
reference solution (`solutions/<name>/`) and student release (`assignments/<name>/`) live.
Each registers itself with the engine (`autograder.grading.assignment`) under its name."""
