"""Where results are kept: output folders the tool owns, safe (atomic) writes, one document's
processed files (`build`), the parse cache, and opening a bundled document by id."""
