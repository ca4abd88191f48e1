"""Where documents come from: the raw manifest (ids, years, kinds, sha256 and provenance) and
the folders or file lists a corpus is made of."""
