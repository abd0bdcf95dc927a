"""Named errors the services raise; one Slack error handler turns each into a friendly reply."""

from __future__ import annotations


class RecharglyError(Exception):
    """A problem the person in Slack should read about, in plain words (no secrets, no traces)."""

    def __init__(self, message: str, *, mentions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.mentions = mentions  # Slack user ids the message names as <@id> (shown as mentions)


class FormInvalid(RecharglyError):
    """A form has problems; ``errors`` maps each field (the form's block id) to its own message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class BadRequest(RecharglyError):
    """The user typed something we can't use; nothing was changed."""


class NotAllowed(RecharglyError):
    """The user may not do this (not an admin or approver)."""


class XeroNotConnected(RecharglyError):
    def __init__(self) -> None:
        super().__init__(
            "This workspace isn't connected to Xero yet. Type `/rechargly connect` to connect it."
        )


class NeedsReconnect(RecharglyError):
    def __init__(self, organisation: str) -> None:
        super().__init__(
            f"Rechargly lost access to *{organisation}* in Xero (the connection expired or was "
            "revoked). An admin can reconnect with `/rechargly connect`."
        )


class XeroUnavailable(RecharglyError):
    """Xero failed after our retries (5xx, timeouts, dropped connections)."""


class XeroRateLimited(RecharglyError):
    """Xero's daily limit for this organisation is used up."""

    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class XeroRejected(RecharglyError):
    """Xero refused a request with a validation message worth showing as it is."""


class XeroAuthError(Exception):
    """Xero refused our credentials (invalid_grant, revoked); the connection needs reconnecting."""


class OAuthStateInvalid(RecharglyError):
    """A Xero callback whose state is forged, expired or already used."""


class SlackUnavailable(Exception):
    """Slack refused or could not be reached; work that only wanted to tell someone carries on."""


# Slack's answers meaning the bot can't post in a channel until a person changes something, and how
# to fix each: said in a reply to whoever asked, and in the notice the admins get when the outbox is
# held up ("{channel}" is where the channel goes).
CHANNEL_FIXES = {
    "not_in_channel": (
        "Invite @Rechargly to {channel}: type `/invite @Rechargly` in that channel, then try again."
    ),
    "is_archived": "{channel} is archived: unarchive it, or pick another channel in `/rechargly settings`.",
    "channel_not_found": (
        "Rechargly can't see {channel}: it was deleted or is private. Invite @Rechargly to it, "
        "or pick another channel in `/rechargly settings`."
    ),
}
CHANNEL_ERRORS = frozenset(CHANNEL_FIXES)


class BotNotInChannel(SlackUnavailable, RecharglyError):
    """Slack refused to post in a channel Rechargly isn't a member of (or can't see): say how to fix it.

    Still a SlackUnavailable, so work that only wanted to tell someone carries on."""

    def __init__(self, channel: str, reason: str) -> None:
        where = f"<#{channel}>" if channel[:1] in ("C", "G") else "that channel"
        message = CHANNEL_FIXES.get(reason, CHANNEL_FIXES["not_in_channel"]).format(channel=where)
        RecharglyError.__init__(self, message[:1].upper() + message[1:], mentions=(channel,))
        self.channel = channel
        self.reason = reason

    @classmethod
    def from_slack(cls, reason: object, channel: object) -> BotNotInChannel | None:
        """Slack's error code as this error when it is one a person fixes in the channel, else None."""
        return cls(str(channel or ""), str(reason)) if reason in CHANNEL_ERRORS else None
