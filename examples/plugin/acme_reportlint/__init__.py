"""ACME's reportlint rules (an example plugin)."""
