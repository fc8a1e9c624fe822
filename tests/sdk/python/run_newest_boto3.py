"""Runs pytest with this interpreter's own (newest) boto3, borrowing pytest from
Debian's python3-pytest when this interpreter has none."""
import sys

try:
    import pytest  # noqa: F401
except ImportError:
    sys.path.append("/usr/lib/python3/dist-packages")  # after our site-packages: our boto3 wins
    import pytest

sys.exit(pytest.main(sys.argv[1:]))
