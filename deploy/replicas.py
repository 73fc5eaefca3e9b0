"""Several app servers on one PostgreSQL store, behind a reverse proxy: `./dashboard run --replicas N`.

A demonstration, on one machine, of how the dashboard serves more people than
one Python process can:

    browsers ─► HAProxy :8501 ─┬─► app server 127.0.0.1:8601 ─┐
       (sticky by cookie)      ├─► app server 127.0.0.1:8602 ─┼─► PostgreSQL
                               └─► …                          ┘

- HAProxy (Debian's `haproxy`) balances new browsers round-robin and keeps each
  browser on its server with a cookie of its own (`dashboard_server`): a
  Streamlit session lives in one process, its websocket must stay there. When
  a server stops, its browsers reconnect to another and resume their kept
  sign-in from the store.
- Every app server is `serve.py` with the same store (`DASHBOARD_DB`, a
  PostgreSQL URL), the same `server.cookieSecret` (so Streamlit's XSRF token
  from one server is valid on another), the same kept sign-in cookie name
  (`DASHBOARD_SESSION_COOKIE`) and `DASHBOARD_BEHIND_PROXY=1`.
- What the servers share lives in the store: the data version (an open page on
  one server follows a commit on another, `ui.state.follow_data_version`),
  browser sessions, one-time sign-in tickets, sign-in throttling, display links.
- Without `DASHBOARD_DB` set to a PostgreSQL URL, a cluster is kept in
  `data/postgres` (created on first run, from the sample province) and started
  and stopped with the demonstration.

Across machines the layout is the same: PostgreSQL on its own host, the app
servers on others (each `DASHBOARD_DB=postgresql://…`, the shared secret and
cookie name, `--server.address 0.0.0.0`), HAProxy in front (README, "Several
app servers").
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from metrics import settings

ROOT = Path(__file__).resolve().parent.parent
FIRST_APP_PORT = 8601
STICKY_COOKIE = "dashboard_server"


def haproxy_config(address: str, port: int, servers: list[int]) -> str:
    """HAProxy's configuration: `address:port` in front of the app servers on these local ports."""
    lines = [
        "global",
        "    maxconn 4096",
        "defaults",
        "    mode http",
        "    option forwardfor",  # X-Forwarded-For, appended: the client that throttling counts
        "    timeout connect 5s",
        "    timeout client 60s",
        "    timeout server 120s",
        "    timeout tunnel 12h",  # an open page's websocket, a projector's whole day
        "    timeout http-request 10s",
        "frontend dashboard",
        f"    bind {address}:{port}",
        "    http-request set-header X-Forwarded-Host %[req.hdr(host)]",
        "    http-request set-header X-Forwarded-Proto https if { ssl_fc }",
        "    http-request set-header X-Forwarded-Proto http if !{ ssl_fc }",
        "    default_backend apps",
        "backend apps",
        "    balance roundrobin",
        f"    cookie {STICKY_COOKIE} insert indirect nocache httponly",
        "    option httpchk GET /_stcore/health",
        "    http-check expect status 200",
    ]
    lines += [
        f"    server app{n} 127.0.0.1:{p} check inter 2s fall 2 rise 1 cookie app{n}" for n, p in enumerate(servers, 1)
    ]
    return "\n".join(lines) + "\n"


def wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float, log: Path, poll: float = 0.1) -> None:
    """Until `url` answers Streamlit's health check; an error with the end of `log` if `process` ends first
    or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(poll)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Layout:
    url: str  # the proxy's address, what browsers open
    servers: list[str]  # each app server's own address
    pids: list[int]


@contextmanager
def serve(
    store_url: str,
    replicas: int,
    port: int = 8501,
    address: str = "127.0.0.1",
    first_app_port: int = FIRST_APP_PORT,
    logs: Path | None = None,
    timeout: float = 120,
) -> Iterator[Layout]:
    """N app servers on `store_url` and HAProxy in front of them; stopped when the block ends."""
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        raise RuntimeError("HAProxy is not installed (Debian: apt-get install -y haproxy)")
    with ExitStack() as stack:
        folder = logs or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dashboard-replicas-")))
        folder.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DASHBOARD_DB": store_url,
            "DASHBOARD_BEHIND_PROXY": "1",
            "DASHBOARD_SESSION_COOKIE": settings.session_cookie(port),
            # One secret for all, so that Streamlit's XSRF token from one server is valid on another
            # (an environment variable: App.run refuses it as a flag).
            "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(32),
        }
        ports = [first_app_port + n for n in range(replicas)]
        started: list[tuple[str, subprocess.Popen[bytes], Path]] = []
        for n, app_port in enumerate(ports, 1):
            log = folder / f"app{n}.log"
            process = subprocess.Popen(
                [sys.executable, str(ROOT / "serve.py"), "--server.headless", "true",
                 "--server.port", str(app_port), "--server.address", "127.0.0.1",
                 "--browser.gatherUsageStats", "false"],
                cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
            )  # fmt: skip
            stack.callback(_stop, process)
            started.append((f"http://127.0.0.1:{app_port}", process, log))
        for url, process, log in started:
            wait_healthy(url, process, timeout, log)
        config = folder / "haproxy.cfg"
        config.write_text(haproxy_config(address, port, ports), encoding="utf-8")
        log = folder / "haproxy.log"
        proxy = subprocess.Popen([haproxy, "-f", str(config), "-db"], stdout=log.open("wb"), stderr=subprocess.STDOUT)
        stack.callback(_stop, proxy)
        public = f"http://{'127.0.0.1' if address in ('0.0.0.0', '') else address}:{port}"
        wait_healthy(public, proxy, timeout, log)
        yield Layout(public, [u for u, _, _ in started], [p.pid for _, p, _ in started])


def main(argv: list[str] | None = None) -> int:
    from deploy import postgres
    from metrics.auth import ensure_first_admin
    from metrics.store import Store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("replicas", type=int, help="how many app servers")
    parser.add_argument("--port", type=int, default=8501, help="the proxy's port (what browsers open)")
    parser.add_argument("--address", default="127.0.0.1", help="the proxy's address (0.0.0.0: every interface)")
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 32:
        parser.error("--replicas takes 1 to 32 app servers")
    with ExitStack() as stack:
        url = os.environ.get("DASHBOARD_DB", "")
        if not url.startswith(("postgresql://", "postgres://")):
            url = stack.enter_context(postgres.kept_cluster(ROOT / "data" / "postgres"))
            postgres.fill_from_sample(url, ROOT / "data" / "dashboard.duckdb")
        store = Store(url)
        try:
            password = ensure_first_admin(store)  # once, here: not raced by N servers
        finally:
            store.close()
        if password:
            print(f"\n  Tài khoản quản trị đầu tiên / first admin account: admin / {password}\n", flush=True)
        layout = stack.enter_context(
            serve(url, args.replicas, args.port, args.address, logs=ROOT / "data" / "replicas")
        )
        print(f"  {args.replicas} app servers behind HAProxy: open {layout.url}  (Ctrl+C stops everything)", flush=True)
        stopping = False

        def stop(*_: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
