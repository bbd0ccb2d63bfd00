"""HTTP controllers: translate requests to use cases and results to responses, nothing more."""
