"""The HTTP layer: one router module per protocol, built by ``app.create_app``."""
