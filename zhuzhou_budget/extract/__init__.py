"""Raw text → lines, tables and narrative sections (the extract step of the pipeline)."""
