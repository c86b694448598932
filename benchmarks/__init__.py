"""Benchmark harness: runs diffsync 2.2.3 and diffsync_automation on the same workload, side by side.

Entry points: ``python -m benchmarks.run`` (measure and report) and ``python -m benchmarks.profile``
(cProfile one phase of our engine).
"""
