"""Benchmarks of pulumi-sendgrid-reseller: provider overhead, API calls, rate limits, scale.

Run ``bash scripts/bench.sh [--quick | --rate-limit R]``; see :mod:`bench.__main__`.
"""
