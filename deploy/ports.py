"""Free local ports for the servers that tests, benchmarks and the demonstration start.

A port is checked free by binding it, then handed to a server that binds it
again a moment later. Between the two, another process may take it. Ports that
the kernel picks (`bind(("", 0))`) come from its ephemeral range, the same range
it gives every outgoing connection (a browser's, a database client's), so on
a busy machine running several test workers one was taken in that moment. The
ports here come from below that range, which only a listening server takes, at
random, so that parallel workers rarely try the same one, and are checked free.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

LOWEST = 20_000  # above the registered services commonly found on a workstation (e.g. 8501, 5432)
EPHEMERAL = Path("/proc/sys/net/ipv4/ip_local_port_range")


def _ephemeral_start() -> int:
    """The first port of the kernel's ephemeral range (Linux's default where it cannot be read)."""
    try:
        return int(EPHEMERAL.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port(count: int = 1, tries: int = 1_000) -> int:
    """A free local port, the first of `count` consecutive free ones, below the ephemeral range."""
    highest = _ephemeral_start() - count
    if highest < LOWEST:  # an unusual range: take what the kernel gives, one port only
        if count != 1:
            raise RuntimeError(f"no room below the ephemeral range for {count} consecutive ports")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return int(sock.getsockname()[1])
    for _ in range(tries):
        first = random.randint(LOWEST, highest)
        if all(_free(first + n) for n in range(count)):
            return first
    raise RuntimeError(f"no {count} free consecutive local ports found in {tries} tries")
