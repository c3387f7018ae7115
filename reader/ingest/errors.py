"""The one error a fetch step raises: its message is the line the user reads after the URL."""

from __future__ import annotations


class FetchError(Exception):
    """A URL that could not be fetched or used; `str()` is "URL: what went wrong"."""

    def __init__(self, url: str, problem: str, *, status: int | None = None) -> None:
        super().__init__(f"{url}: {problem}")
        self.url = url
        self.problem = problem
        self.status = status  # the HTTP status, when the server's answer was the failure
