"""What readers see: the notebooks' context and helpers, charts, the reader-facing HTML, and
the papermill batch that runs the notebooks."""
