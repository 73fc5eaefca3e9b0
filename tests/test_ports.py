"""Free local ports (`deploy.ports`): below the kernel's ephemeral range, consecutive when asked, and free."""

from __future__ import annotations

import socket

import pytest

from deploy import ports


def test_a_port_comes_from_below_the_ephemeral_range_and_can_be_listened_on():
    start = ports._ephemeral_start()
    for _ in range(20):
        port = ports.free_port()
        assert ports.LOWEST <= port < start
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))
            sock.listen()


def test_consecutive_ports_are_all_free_and_end_below_the_ephemeral_range():
    first = ports.free_port(count=3)
    assert first + 3 <= ports._ephemeral_start()
    with socket.socket() as a, socket.socket() as b, socket.socket() as c:
        for sock, port in zip((a, b, c), range(first, first + 3), strict=True):
            sock.bind(("127.0.0.1", port))


def test_a_port_in_use_is_never_given(monkeypatch):
    busy = ports.free_port(count=2)  # busy + 1 is free too
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", busy))
        taken.listen()
        monkeypatch.setattr(ports, "LOWEST", busy)
        monkeypatch.setattr(ports, "_ephemeral_start", lambda: busy + 2)  # room for busy and busy + 1 only
        assert ports.free_port() == busy + 1
        with pytest.raises(RuntimeError, match="no 2 free consecutive"):
            ports.free_port(count=2, tries=50)


def test_without_room_below_the_range_the_kernel_chooses(monkeypatch):
    monkeypatch.setattr(ports, "_ephemeral_start", lambda: ports.LOWEST)  # no room even for one
    assert ports.free_port() > 0
    with pytest.raises(RuntimeError, match="no room"):
        ports.free_port(count=2)
