"""The instructor's tools: a folder of submissions graded at once (`batch`, on Dask with
`distributed`), what a cohort got wrong (`cohort`), pairs that share code (`similarity`),
grades into an LMS (`export`), bundles for Gradescope and GitHub Classroom (`bundle`), the
grader checking itself (`validate`, `mutation`) and a new assignment scaffolded (`scaffold`,
from `templates/`)."""
