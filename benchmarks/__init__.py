"""Speed measurements at hromada, oblast and national scale (``python -m benchmarks``); not tests."""
