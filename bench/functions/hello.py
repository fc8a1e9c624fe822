# The Python twin of hello.js.
import json


def handler(event, context):
    path = (event or {}).get("rawPath") or (event or {}).get("path")
    return {"statusCode": 200, "headers": {"content-type": "application/json"},
            "body": json.dumps({"hello": "world", "path": path})}
