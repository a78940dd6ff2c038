"""Footnote's evaluation harness: gold sets, metrics, an independent re-check, the baseline and the CI gate."""
