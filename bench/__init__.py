"""Benchmarks (not tests): run as ``python -m bench.<name>``; see bench/README.md."""
