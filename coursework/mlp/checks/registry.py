"""This assignment's checks, declared in the modules beside this one (one module per part)."""

from autograder.checks.base import Checks

checks = Checks()
