"""marsad on Apache Spark: `marsad spark` analyses corpora on a cluster (or locally) into Parquet tables.

`rows` holds the table schemas and the rows of one article (no Spark needed to read them); `job` is the
PySpark job. See docs/scale.md.
"""
