"""The Debug Adapter Protocol's base protocol, sans I/O: Content-Length framing and sequence numbers.

Nothing here reads or writes a stream. :meth:`FrameReader.feed` takes bytes
as they come (any chunking) and gives the whole messages found so far;
:func:`encode` gives the bytes of one message. A :class:`Peer` numbers what
one side sends (``seq`` starts at 1 and grows by one) and remembers the
requests it sent until their responses come (matched by ``request_seq``).
The adapter speaks it twice: to the editor over stdio, and to pydevd (the
debugger inside the mission worker) over a socket.
"""
from __future__ import annotations

import json
from typing import Any

__all__ = ["MAX_HEADER", "FrameReader", "Message", "Peer", "ProtocolError", "encode"]

#: A message as JSON gives it: ``{"seq", "type", ...}``.
Message = dict[str, Any]

_HEADER_END = b"\r\n\r\n"
#: A header block longer than this is not DAP: the reader refuses it instead of buffering without end.
MAX_HEADER = 1024


class ProtocolError(Exception):
    """The bytes are not DAP: no Content-Length, a body that is not a JSON object, a message of no known type."""


class FrameReader:
    """Turns a byte stream into messages, whatever the chunking (one byte at a time included)."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._length: int | None = None  # of the body being read, once its header is in

    def feed(self, data: bytes) -> list[Message]:
        """The messages completed by ``data``, in order; :class:`ProtocolError` when the stream is not DAP."""
        self._buffer += data
        messages: list[Message] = []
        while True:
            if self._length is None:
                end = self._buffer.find(_HEADER_END)
                if end < 0:
                    if len(self._buffer) > MAX_HEADER:
                        raise ProtocolError(f"no end of header in the first {MAX_HEADER} bytes")
                    return messages
                self._length = _content_length(bytes(self._buffer[:end]))
                del self._buffer[: end + len(_HEADER_END)]
            if len(self._buffer) < self._length:
                return messages
            body = bytes(self._buffer[: self._length])
            del self._buffer[: self._length]
            self._length = None
            messages.append(_message(body))


def _content_length(header: bytes) -> int:
    length: int | None = None
    for line in header.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                length = int(value.strip())
            except ValueError:
                raise ProtocolError(f"Content-Length is not a number: {value.strip()!r}") from None
    if length is None or length < 0:
        raise ProtocolError("a header without Content-Length")
    return length


def _message(body: bytes) -> Message:
    try:
        message = json.loads(body)
    except ValueError as error:
        raise ProtocolError(f"the body is not JSON: {error}") from None
    if not isinstance(message, dict) or message.get("type") not in ("request", "response", "event"):
        raise ProtocolError("a message is a JSON object whose type is request, response or event")
    return message


def encode(message: Message) -> bytes:
    """``message`` framed: its Content-Length header and its JSON body (UTF-8)."""
    body = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Peer:
    """One side of a connection: numbers what it sends, and matches responses to the requests it sent."""

    def __init__(self) -> None:
        self._seq = 0
        self.pending: dict[int, Message] = {}  # our requests awaiting their responses, by seq

    def _next(self) -> int:
        self._seq += 1
        return self._seq

    def request(self, command: str, arguments: Any = None) -> Message:
        message: Message = {"seq": self._next(), "type": "request", "command": command}
        if arguments is not None:
            message["arguments"] = arguments
        self.pending[message["seq"]] = message
        return message

    def response(self, request: Message, body: Any = None, *, success: bool = True, message: str | None = None) -> Message:
        answer: Message = {
            "seq": self._next(),
            "type": "response",
            "request_seq": request["seq"],
            "success": success,
            "command": request["command"],
        }
        if message is not None:
            answer["message"] = message
        if body is not None:
            answer["body"] = body
        return answer

    def error(self, request: Message, text: str) -> Message:
        """A failed response that clients show to the user (``body.error`` with ``showUser``)."""
        return self.response(request, {"error": {"id": 1, "format": text, "showUser": True}}, success=False, message=text)

    def event(self, event: str, body: Any = None) -> Message:
        message: Message = {"seq": self._next(), "type": "event", "event": event}
        if body is not None:
            message["body"] = body
        return message

    def settle(self, response: Message) -> Message | None:
        """The request of ours that ``response`` answers (forgotten from now on), or None."""
        return self.pending.pop(response.get("request_seq", -1), None)
