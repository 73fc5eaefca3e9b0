"""PostgreSQL clusters of the project's own: a throwaway one for tests and benchmarks, a kept one for the demo.

Debian's `postgresql` package provides the binaries (`./dashboard` installs
it when missing and it runs as root). A cluster lives in a folder of its own
(data, unix socket, log) and listens on 127.0.0.1 only. `initdb` refuses to
run as root, so as root the cluster belongs to the `postgres` account that the
package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deploy.ports import free_port

DATABASE = "dashboard"


def bindir() -> Path | None:
    """Where Debian's PostgreSQL binaries are (the newest version installed), or None."""
    if found := shutil.which("pg_config"):
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True, check=False).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(candidates[-1]).parent if candidates else None


class Cluster:
    """A cluster in `folder`: created once, started and stopped on demand."""

    def __init__(self, folder: Path, port: int | None = None, durable: bool = True) -> None:
        self.folder, self.data = folder, folder / "data"
        self.port = port or free_port()
        self.durable = durable
        binaries = bindir()
        if binaries is None:
            raise FileNotFoundError("PostgreSQL is not installed (Debian: apt-get install -y postgresql)")
        self.binaries = binaries
        self.run_as: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: the cluster is the postgres account's
            owner = pwd.getpwnam("postgres")
            folder.mkdir(parents=True, exist_ok=True)
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            self.run_as = ["runuser", "-u", "postgres", "--"]
        folder.mkdir(parents=True, exist_ok=True)

    def _run(self, *args: str) -> str:
        done = subprocess.run([*self.run_as, *args], capture_output=True, text=True, cwd=self.folder, check=False)
        if done.returncode:
            raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def url(self, database: str = DATABASE) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self, database: str = DATABASE) -> str:
        """Create the cluster if the folder has none, start it, make sure `database` exists; its URL."""
        if not (self.data / "PG_VERSION").exists():
            self._run(str(self.binaries / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                      "-E", "UTF8", "--no-locale")  # fmt: skip
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        if not self.durable:  # a throwaway cluster: no need to survive a power cut
            options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.folder / "log"), "-w", "start")  # fmt: skip
        where = ["-h", str(self.folder), "-p", str(self.port), "-U", "postgres"]
        found = self._run(str(self.binaries / "psql"), *where, "-d", "postgres", "-tAc",
                          "SELECT datname FROM pg_database")  # fmt: skip
        if database not in found.split():
            self._run(str(self.binaries / "createdb"), *where, database)
        return self.url(database)

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")


@contextmanager
def cluster(database: str = "postgres") -> Iterator[str]:
    """A running throwaway cluster in a temporary folder; yields the URL of `database` (user `postgres`,
    no password; the tests make their databases beside `postgres`); removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="dashboard-pg-"))
    try:
        running = Cluster(folder, durable=False)
        url = running.start(database)
        try:
            yield url
        finally:
            running.stop("immediate")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def kept_cluster(folder: Path, port: int = 54329) -> Iterator[str]:
    """The cluster kept in `folder` (created on first use), running while the block runs; yields its URL."""
    running = Cluster(folder, port=port)
    url = running.start()
    try:
        yield url
    finally:
        running.stop()


def fill_from_sample(url: str, sample: Path) -> bool:
    """Give an empty PostgreSQL store the sample province (built at `sample` if missing); whether it did.

    Through the command line's `copy-store`, which verifies the copy.
    """
    from metrics.bootstrap import initialise

    psql = shutil.which("psql") or str((bindir() or Path("/usr/bin")) / "psql")
    found = subprocess.run(
        [psql, url, "-tAc", "SELECT to_regclass('schema_migrations') IS NOT NULL"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if found == "t":
        return False
    initialise(sample, sample=True)
    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "-m", "metrics", "copy-store", "--from", str(sample), "--to", url], cwd=root, check=True
    )
    return True


if __name__ == "__main__":  # a throwaway cluster to try things against: prints its URL, stops on Enter
    with cluster() as address:
        print(address, flush=True)
        input()
