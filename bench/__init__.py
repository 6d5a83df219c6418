"""`make bench`: the mock against Prism and a bare ASGI app, under the same load, in one run."""
