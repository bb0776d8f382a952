"""The editorial roles' fixtures are in tests/conftest.py: the library's tests use them too."""
