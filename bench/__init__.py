"""Benchmarks of pulumi-sendgrid-reseller: provider overhead, API calls, scale.

Run ``bash scripts/bench.sh [--quick]``; see :mod:`bench.run`.
"""
