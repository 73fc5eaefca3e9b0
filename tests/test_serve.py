"""The launcher: connections to the served app send without Nagle's delay."""

import asyncio
import socket

import serve


def _nodelay_of_an_accepted_connection(listener: socket.socket) -> int:
    async def accept_one() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                conn = transport.get_extra_info("socket")
                seen.set_result(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
        try:
            return await asyncio.wait_for(seen, 5)
        finally:
            writer.close()
            server.close()

    return asyncio.run(accept_one())


def _streamlit_listener() -> socket.socket:
    from streamlit.web.server.starlette import starlette_server

    return starlette_server._bind_socket("127.0.0.1", 0, 8)


def test_streamlit_listener_alone_leaves_nagle_on_which_is_what_the_launcher_corrects():
    assert _nodelay_of_an_accepted_connection(_streamlit_listener()) == 0


def test_with_the_launcher_connections_have_tcp_nodelay(monkeypatch):
    from streamlit.web.server.starlette import starlette_server

    monkeypatch.setattr(starlette_server, "_bind_socket", starlette_server._bind_socket)
    serve.tcp_nodelay_for_connections()
    listener = _streamlit_listener()
    assert listener.proto == socket.IPPROTO_TCP
    assert _nodelay_of_an_accepted_connection(listener) != 0


def test_a_listener_already_labelled_tcp_is_kept_as_it_is():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        assert serve.with_tcp_protocol(sock) is sock
    finally:
        sock.close()
