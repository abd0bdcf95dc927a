"""The SlackFiles port: files.info for the private download URL, then a GET with the bot token."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable

from slack_sdk import WebClient

from services.errors import BadRequest
from services.ports import SlackFile

MAX_DOWNLOAD = 2_000_000  # a CSV of charges is far smaller; larger files are refused, not read
TIMEOUT = 20


class SlackFileDownloader:
    """Downloads private Slack files with the workspace's bot token."""

    def __init__(self, client_for: Callable[[str], WebClient]) -> None:
        self._client_for = client_for

    def download(self, *, team_id: str, file_id: str) -> SlackFile:
        client = self._client_for(team_id)
        info = client.files_info(file=file_id)["file"]
        if int(info.get("size") or 0) > MAX_DOWNLOAD:
            raise BadRequest("That file is too big to import (over 2 MB). Split it into smaller files.")
        url = str(info.get("url_private_download") or info.get("url_private") or "")
        if not url.startswith(("https://", "http://")):
            raise BadRequest("Slack didn't give a download link for that file. Share it again.")
        # Only http(s) URLs Slack gave us are opened (checked above).
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            content = response.read(MAX_DOWNLOAD + 1)
            kind = response.headers.get("Content-Type", "")
        if len(content) > MAX_DOWNLOAD:
            raise BadRequest("That file is too big to import (over 2 MB). Split it into smaller files.")
        if kind.startswith("text/html"):  # Slack's login page: the token can't read the file
            raise BadRequest("Rechargly couldn't read that file. Check the app has the files:read scope.")
        return SlackFile(
            file_id=file_id,
            name=str(info.get("name") or "file.csv"),
            filetype=str(info.get("filetype") or ""),
            content=content,
        )
