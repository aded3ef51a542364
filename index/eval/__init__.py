"""``newsbot eval``: quality measured on public datasets, each with its baselines in the same run."""
