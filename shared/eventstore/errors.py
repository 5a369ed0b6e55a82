"""Named failures of the event store."""

from __future__ import annotations


class ConcurrencyError(Exception):
    """Someone else appended to the stream first: reload and decide again."""

    def __init__(self, stream_id: str, expected_version: int, actual_version: int) -> None:
        super().__init__(
            f"stream {stream_id} is at version {actual_version}, not {expected_version}"
        )
        self.stream_id = stream_id
        self.expected_version = expected_version
        self.actual_version = actual_version
