"""pytester runs pytest inside the tests of the plugin."""
pytest_plugins = ["pytester"]
