"""POST /zombie/twilio — a survivor texts the chat through an SMS gateway (Twilio).

The gateway posts an application/x-www-form-urlencoded form; API Gateway's request
template wraps the raw form in {"postBody": "<form>"} and the response template wraps
what this function returns in a TwiML <Response><Message><Body>, the reply text the
gateway sends back to the phone. Written in Python with boto3; the table resource is
created once per container so warm invocations reuse it.
"""
import os
import time
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ.get("MESSAGES_TABLE", "messages"))
CHANNEL = os.environ.get("SMS_CHANNEL", "default")


def handler(event, context):
    form = parse_qs(event.get("postBody") or "", keep_blank_values=True)
    sender = (form.get("From") or [""])[0].strip()
    body = (form.get("Body") or [""])[0].strip()
    if not sender:
        raise ValueError("Bad Request: the form has no From field")
    if not body:
        # The gateway shows this to the texter: a reply, not an API error.
        return escape("Your message was empty. Text some words to reach the other survivors.")
    TABLE.put_item(Item={
        "channel": CHANNEL,
        "timestamp": int(time.time() * 1000),
        "name": "SMS " + sender[-4:].rjust(4, "*"),
        "message": body[:1000],
        "via": "sms",
    })
    # The response template prints this between <Body> tags as it is, so it must already
    # be XML text.
    return escape(f"Message received, survivor. \"{body[:40]}\" is on the chat.")
