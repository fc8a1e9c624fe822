"""Error payloads as AWS's Python runtime reports them:
{"errorMessage", "errorType", "requestId", "stackTrace"} in that order, the stack trace
holding only the user's frames (the runtime's own leading frames are dropped)."""
import os
import traceback

RUNTIME_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class FaultException(Exception):
    MARSHAL_ERROR = "Runtime.MarshalError"
    UNMARSHAL_ERROR = "Runtime.UnmarshalError"
    USER_CODE_SYNTAX_ERROR = "Runtime.UserCodeSyntaxError"
    HANDLER_NOT_FOUND = "Runtime.HandlerNotFound"
    IMPORT_MODULE_ERROR = "Runtime.ImportModuleError"
    BUILT_IN_MODULE_CONFLICT = "Runtime.BuiltInModuleConflict"
    MALFORMED_HANDLER_NAME = "Runtime.MalformedHandlerName"

    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


def make_error(error_message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": error_message if error_message else "",
        "errorType": error_type if error_type else "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def _is_runtime_frame(filename):
    return os.path.abspath(filename).startswith(RUNTIME_DIR + os.sep)


def build_fault_result(exc_info, request_id=None, msg=None):
    etype, value, tb = exc_info
    frames = traceback.extract_tb(tb)
    for index, frame in enumerate(frames):
        if not _is_runtime_frame(frame.filename):
            frames = frames[index:]
            break
    else:
        frames = []
    return make_error(msg if msg else str(value), etype.__name__,
                      traceback.format_list(frames), request_id)


def log_text(error):
    """The one log event the runtime writes for an error ('\\r' keeps it one event)."""
    description = "[ERROR]"
    if error.get("errorType"):
        description += " " + error["errorType"]
    if error.get("errorMessage"):
        if error.get("errorType"):
            description += ":"
        description += " " + error["errorMessage"]
    lines = [description]
    trace = error.get("stackTrace")
    if trace is not None:
        lines.append("Traceback (most recent call last):")
        for element in trace:
            lines.extend(element.splitlines() if element else [""])
    return "\r".join(lines)
