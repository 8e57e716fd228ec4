"""Building the embedded snapshot from raw public copies (maintainers only)."""
