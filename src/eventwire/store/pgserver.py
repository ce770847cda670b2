"""A throwaway PostgreSQL server for tests and benchmarks (``initdb`` + ``pg_ctl`` into a temp folder).

    with temporary_postgres() as url:      # postgresql://postgres@127.0.0.1:PORT/postgres
        store = Store(url)

Needs the PostgreSQL server binaries (Debian: ``apt-get install postgresql``).
PostgreSQL refuses to run as root, so as root the server runs as the
``postgres`` OS user (``runuser``) in a folder it owns.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import EventwireError


class PostgresUnavailable(EventwireError):
    code = "E011"


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: the newest /usr/lib/postgresql/*/bin, else $PATH."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    for candidate in reversed(candidates):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _runner() -> list[str]:
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        raise PostgresUnavailable("running as root and runuser is missing: cannot start PostgreSQL as 'postgres'")
    return [runuser, "-u", "postgres", "--"]


@contextmanager
def temporary_postgres(*, fast: bool = True) -> Iterator[str]:
    """Start a private server on a free port; yields its URL; stops and removes it afterwards.

    ``fast`` turns off fsync (fine for tests: the server itself is never killed).
    """
    bindir = find_bindir()
    if bindir is None:
        raise PostgresUnavailable("PostgreSQL server binaries (initdb, pg_ctl) not found; apt-get install postgresql")
    runner = _runner()
    base = Path(tempfile.mkdtemp(prefix="eventwire-pg-"))
    os.chmod(base, 0o755)
    if runner:
        shutil.chown(base, "postgres", "postgres")
    data, log_file = base / "data", base / "server.log"
    port = free_port()
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c max_connections=50"
    if fast:
        options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    started = False
    try:
        subprocess.run(runner + [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                 "--no-sync"], check=True, capture_output=True, text=True)
        subprocess.run(runner + [str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log_file), "-w", "-t", "60",
                                 "start"], check=True, capture_output=True, text=True)
        started = True
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or exc.stdout or "").strip()[-500:]
        if log_file.exists():
            detail += "\n" + log_file.read_text(errors="replace")[-500:]
        raise PostgresUnavailable(f"cannot start PostgreSQL: {detail}") from None
    finally:
        if started:
            subprocess.run(runner + [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                           capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def create_database(server_url: str, name: str | None = None) -> str:
    """A fresh database on the server; returns its URL."""
    import psycopg

    name = name or "ew_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name
