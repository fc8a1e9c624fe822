"""Lambda's log format for the logging module:
[LEVEL]\\t<UTC time>.<ms>Z\\t<request id>\\t<message>, one log event per record
('\\n' inside a record becomes '\\r'). The root logger keeps Python's default level
(WARNING) unless AWS_LAMBDA_LOG_LEVEL says otherwise, as on AWS."""
import logging
import os
import sys
import time

_request_id = {"value": None}


def set_request_id(request_id):
    _request_id["value"] = request_id


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id["value"]
        return True


class _LambdaFormatter(logging.Formatter):
    converter = time.gmtime

    def __init__(self):
        super().__init__("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s",
                         "%Y-%m-%dT%H:%M:%S")


class _LambdaHandler(logging.Handler):
    def emit(self, record):
        try:
            text = self.format(record).replace("\n", "\r")
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
        except Exception:
            self.handleError(record)


def install():
    handler = _LambdaHandler()
    handler.setFormatter(_LambdaFormatter())
    handler.addFilter(_RequestIdFilter())
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    level = os.environ.get("AWS_LAMBDA_LOG_LEVEL")
    if level and level.upper() in logging._nameToLevel:
        root.setLevel(level.upper())
