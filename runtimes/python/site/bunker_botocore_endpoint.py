"""Makes every botocore client reach Bunker, even botocore versions that predate
AWS_ENDPOINT_URL support (before 1.31) and copies bundled in a function's zip.

An import hook waits for any `botocore.session` module to be executed and wraps its
Session.create_client: a client created without an explicit endpoint_url gets
$AWS_ENDPOINT_URL, and S3 clients get path-style addressing. Nothing is imported
eagerly, so functions that never use botocore pay nothing (not even importlib.abc or
inspect, which cost a cold start milliseconds: a meta path finder needs only find_spec)."""
import os
import sys

_TARGET = "botocore.session"


def _patch_session_module(module):
    session_class = getattr(module, "Session", None)
    if session_class is None or getattr(session_class, "_bunker_patched", False):
        return
    import inspect  # botocore has imported it already

    original = session_class.create_client
    signature = inspect.signature(original)

    def create_client(self, *args, **kwargs):
        endpoint = os.environ.get("AWS_ENDPOINT_URL")
        if not endpoint:
            return original(self, *args, **kwargs)
        bound = signature.bind(self, *args, **kwargs)
        arguments = bound.arguments
        if arguments.get("endpoint_url") is None:
            arguments["endpoint_url"] = endpoint
            if arguments.get("service_name") == "s3":
                _force_path_style(arguments)
        return original(*bound.args, **bound.kwargs)

    create_client.__wrapped__ = original
    create_client.__doc__ = original.__doc__
    session_class.create_client = create_client
    session_class._bunker_patched = True


def _force_path_style(arguments):
    try:
        from botocore.config import Config
    except ImportError:
        return
    config = arguments.get("config")
    path_style = Config(s3={"addressing_style": "path"})
    if config is None:
        arguments["config"] = path_style
    elif not (getattr(config, "s3", None) or {}).get("addressing_style"):
        arguments["config"] = config.merge(path_style)


class _Loader:
    def __init__(self, wrapped):
        self._wrapped = wrapped

    def create_module(self, spec):
        return self._wrapped.create_module(spec)

    def exec_module(self, module):
        self._wrapped.exec_module(module)
        _patch_session_module(module)

    def __getattr__(self, name):  # get_source, get_resource_reader, …: the real loader's
        return getattr(self._wrapped, name)


class _Finder:
    def find_spec(self, fullname, path, target=None):
        if fullname != _TARGET:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _Loader(spec.loader)
                return spec
        return None


def install():
    if any(isinstance(finder, _Finder) for finder in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
    existing = sys.modules.get(_TARGET)
    if existing is not None:
        _patch_session_module(existing)
