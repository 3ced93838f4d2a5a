"""Build-side glue that turns the course package into widgets on MkDocs pages."""
