"""The DAP base protocol: Content-Length framing whatever the chunking, refusals, and sequence numbers."""
from __future__ import annotations

import pytest

from scenario_harness.dap.wire import MAX_HEADER, FrameReader, Peer, ProtocolError, encode

MESSAGES = [
    {"seq": 1, "type": "request", "command": "initialize", "arguments": {"adapterID": "scenario"}},
    {"seq": 2, "type": "event", "event": "output", "body": {"output": "ünïcödé ✓\n"}},
    {"seq": 3, "type": "response", "request_seq": 1, "success": True, "command": "initialize"},
]


@pytest.mark.parametrize("size", [1, 7, 4096])
def test_messages_come_out_whole_and_in_order_whatever_the_size_of_the_chunks(size):
    stream = b"".join(encode(m) for m in MESSAGES)
    reader = FrameReader()
    found = []
    for start in range(0, len(stream), size):
        found += reader.feed(stream[start : start + size])
    assert found == MESSAGES


def test_the_length_counts_bytes_of_utf8_not_characters():
    framed = encode(MESSAGES[1])
    header, body = framed.split(b"\r\n\r\n", 1)
    assert header == b"Content-Length: %d" % len(body)
    assert len(body) > len(body.decode("utf-8"))


def test_header_names_are_read_whatever_their_case_and_other_headers_are_ignored():
    body = b'{"seq":1,"type":"event","event":"initialized"}'
    data = b"content-length: %d\r\nContent-Type: application/vscode-jsonrpc\r\n\r\n" % len(body) + body
    assert FrameReader().feed(data) == [{"seq": 1, "type": "event", "event": "initialized"}]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Content-Type: x\r\n\r\n{}", "without Content-Length"),
        (b"Content-Length: many\r\n\r\n", "not a number"),
        (b"Content-Length: 3\r\n\r\n{x}", "not JSON"),
        (b"Content-Length: 2\r\n\r\n[]", "request, response or event"),
        (b"x" * (MAX_HEADER + 1), "no end of header"),
    ],
)
def test_bytes_that_are_not_dap_are_refused_with_the_reason(data, message):
    with pytest.raises(ProtocolError, match=message):
        FrameReader().feed(data)


def test_a_peer_numbers_what_it_sends_from_one_and_matches_responses_to_its_requests():
    peer = Peer()
    first = peer.request("initialize", {"adapterID": "scenario"})
    event = peer.event("initialized")
    second = peer.request("launch")
    assert [first["seq"], event["seq"], second["seq"]] == [1, 2, 3]
    assert peer.settle({"type": "response", "request_seq": 3}) is second
    assert peer.settle({"type": "response", "request_seq": 3}) is None
    assert list(peer.pending) == [1]


def test_an_error_response_carries_a_message_clients_show_the_user():
    peer = Peer()
    request = {"seq": 9, "type": "request", "command": "stepBack"}
    error = peer.error(request, "this is the first place of the run")
    assert error["success"] is False and error["request_seq"] == 9 and error["command"] == "stepBack"
    assert error["message"] == error["body"]["error"]["format"] == "this is the first place of the run"
    assert error["body"]["error"]["showUser"] is True
