"""Everything that turns course/ into widgets: build/ runs at build time, assets/ in the browser."""
