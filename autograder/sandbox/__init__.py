"""The walls and the worker: the submission's code runs in a process of its own (`worker`),
behind namespaces, Landlock, seccomp, resource limits and a watchdog (`walls`), driven from
the grader's side over one pipe (`isolated.IsolatedSubmission`)."""
