"""HTTP plumbing shared by every contract: spec loading, middlewares, files, admin."""
