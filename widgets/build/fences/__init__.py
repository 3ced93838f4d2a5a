"""One module per widget kind; each exposes `validate` and `format` for pymdownx.superfences."""
