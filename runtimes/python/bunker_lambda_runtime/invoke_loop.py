"""Init and the invocation loop: import the handler, then fetch, call, report, repeat."""
import json
import os
import sys

from . import log_format
from .context import LambdaContext
from .errors import FaultException, build_fault_result, log_text, make_error
from .handler_loader import load_handler
from .runtime_api import RuntimeApi


class _Encoder(json.JSONEncoder):
    def default(self, o):
        # A Decimal can only come from code that imported decimal: the runtime need not.
        decimal = sys.modules.get("decimal")
        if decimal is not None and isinstance(o, decimal.Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _log_error(error):
    sys.stdout.write(log_text(error) + "\n")
    _flush()


def _handle(api, handler, invocation):
    """Runs one invocation and reports it; returns the next invocation."""
    log_format.set_request_id(invocation.request_id)
    if invocation.trace_id:
        os.environ["_X_AMZN_TRACE_ID"] = invocation.trace_id
    else:
        os.environ.pop("_X_AMZN_TRACE_ID", None)
    request_id = invocation.request_id
    try:
        try:
            event = json.loads(invocation.body) if invocation.body else None
        except ValueError as e:
            raise FaultException(FaultException.UNMARSHAL_ERROR, "Unable to unmarshal input: {}".format(str(e)))
        context = LambdaContext(invocation)
        result = handler(event, context)
        try:
            body = json.dumps(result, cls=_Encoder).encode("utf-8")
        except Exception as e:
            raise FaultException(FaultException.MARSHAL_ERROR, "Unable to marshal response: {}".format(str(e)))
    except FaultException as e:
        error = make_error(e.msg, e.exception_type, e.trace, request_id)
        _log_error(error)
        _flush()
        return api.post_error_and_next(request_id, error)
    except Exception:
        error = build_fault_result(sys.exc_info(), request_id)
        _log_error(error)
        _flush()
        return api.post_error_and_next(request_id, error)
    _flush()
    return api.post_response_and_next(request_id, body)


def main():
    api = RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"])
    task_root = os.environ.get("LAMBDA_TASK_ROOT") or os.getcwd()
    if task_root not in sys.path:
        sys.path.insert(0, task_root)
    log_format.install()
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except FaultException as e:
        error = make_error(e.msg, e.exception_type, e.trace)
        _log_error(error)
        api.post_init_error(error)
        sys.exit(1)
    except Exception:
        error = build_fault_result(sys.exc_info())
        _log_error(error)
        api.post_init_error(error)
        sys.exit(1)
    invocation = api.next_invocation()
    while True:
        invocation = _handle(api, handler, invocation)
