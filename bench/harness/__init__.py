"""bench/run's harness: targets, workloads, the load generator driver and the report."""
