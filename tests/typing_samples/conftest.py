"""These files are inputs for mypy (tests/test_typing.py), not tests: pytest leaves them."""

collect_ignore = ["user_code.py", "user_code_with_errors.py"]
