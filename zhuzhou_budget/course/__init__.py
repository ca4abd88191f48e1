"""A public-finance course from the corpus, for nbgrader: three assignments (reading the
tables, budget execution, checking a disclosure), one notebook per department, answers
computed from each document when the course is built (`questions.key`), an answer key and
handouts per department. `build.build(out)` writes the course directory; `grader` drives
nbgrader's own API on it; `student` is what the notebooks import."""
