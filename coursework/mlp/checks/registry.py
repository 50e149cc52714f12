"""This assignment's checks, declared in the modules beside this one (one module per part)."""

from autograder.authoring import Checks

checks = Checks()
