"""What a person sees in a browser: the gallery page of every contract's state (at `/` for
browsers, and at `/__gallery/`), its live updates, and each contract's Swagger UI. Every
asset is served by the mock itself: nothing is loaded from the web."""
