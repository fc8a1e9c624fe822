"""Loaded by Python at start-up for processes a function spawns itself: installs the
botocore endpoint hook, then runs the sitecustomize this one shadows, if any."""
import importlib.machinery
import os
import sys

try:
    import bunker_botocore_endpoint

    bunker_botocore_endpoint.install()
except Exception:  # never break interpreter start-up
    pass

_here = os.path.dirname(os.path.abspath(__file__))
_rest = [p for p in sys.path if os.path.abspath(p or ".") != _here]
_spec = importlib.machinery.PathFinder.find_spec("sitecustomize", _rest)
if _spec is not None and _spec.origin and os.path.dirname(os.path.abspath(_spec.origin)) != _here:
    import importlib.util  # only then: its import is a few milliseconds of every start

    _module = importlib.util.module_from_spec(_spec)
    try:
        _spec.loader.exec_module(_module)
    except Exception:
        pass
