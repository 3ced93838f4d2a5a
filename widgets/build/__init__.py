"""What runs at build time: fences, page context, and the site-assembly step."""
