"""Slack sandbox for tests: a loopback Web API fake and a driver that plays Slack's requests."""

from sandbox.slack.appserver import serve_bolt_app
from sandbox.slack.driver import DriverResponse, SlackDriver
from sandbox.slack.fake import SlackFake
from sandbox.slack.models import MessageVersion, PostedMessage, SlackCall, SlackView
from sandbox.slack.signing import sign_slack_request

__all__ = [
    "DriverResponse",
    "MessageVersion",
    "PostedMessage",
    "SlackCall",
    "SlackDriver",
    "SlackFake",
    "SlackView",
    "serve_bolt_app",
    "sign_slack_request",
]
