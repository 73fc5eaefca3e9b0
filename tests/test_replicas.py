"""Several app servers behind HAProxy (`deploy.replicas`): the proxy's configuration, as HAProxy reads it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from deploy import replicas


def _haproxy() -> str:
    found = shutil.which("haproxy") or "/usr/sbin/haproxy"
    assert Path(found).exists(), "HAProxy is missing: ./dashboard test installs it (apt-get install -y haproxy)"
    return found


def test_the_generated_configuration_is_valid_haproxy(tmp_path):
    config = tmp_path / "haproxy.cfg"
    config.write_text(replicas.haproxy_config("127.0.0.1", 8501, [8601, 8602, 8603]), encoding="utf-8")
    done = subprocess.run([_haproxy(), "-c", "-f", str(config)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_app_server_is_listed_once_with_its_own_sticky_cookie_value():
    text = replicas.haproxy_config("0.0.0.0", 80, [8601, 8602])
    servers = [line.split() for line in text.splitlines() if line.strip().startswith("server ")]
    assert [(s[1], s[2], s[-1]) for s in servers] == [
        ("app1", "127.0.0.1:8601", "app1"),
        ("app2", "127.0.0.1:8602", "app2"),
    ]
    assert "    bind 0.0.0.0:80" in text.splitlines()
    assert f"    cookie {replicas.STICKY_COOKIE} insert indirect nocache httponly" in text.splitlines()
