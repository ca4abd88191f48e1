"""A corpus of disclosures built at once: documents found in a manifest, a folder or a list
of files (sources), built in a process pool or on a dask cluster (task, pool, cluster), listed
in documents.csv (ledger) and stacked into one panel of Parquet files and a DuckDB database
(panel, query). `batch.run` ties them together; the CLI and `build-all` call it."""
