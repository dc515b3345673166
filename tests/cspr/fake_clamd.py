"""A stand-in for ClamAV's clamd (outside our system) speaking the INSTREAM protocol on a free TCP port.

It reports the EICAR test signature as ClamAV does and keeps every stream it was sent, so tests can
check the whole file reached the scanner.
"""

from __future__ import annotations

import socketserver
import struct
import threading
from collections.abc import Iterator

import pytest

# The EICAR anti-virus test file (eicar.org): harmless, and every scanner reports it as a virus.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_SIGNATURE = "Win.Test.EICAR_HDB-1"


class FakeClamd(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.streams: list[bytes] = []

    @property
    def address(self) -> str:
        host, port = self.server_address[:2]
        return f"tcp://{host}:{port}"


class _Session(socketserver.StreamRequestHandler):
    server: FakeClamd

    def handle(self) -> None:
        command = b""
        while not command.endswith(b"\0"):
            command += self.rfile.read(1)
        if command != b"zINSTREAM\0":
            self.wfile.write(b"UNKNOWN COMMAND\0")
            return
        stream = b""
        while size := struct.unpack("!L", self.rfile.read(4))[0]:
            stream += self.rfile.read(size)
        self.server.streams.append(stream)
        verdict = f"{EICAR_SIGNATURE} FOUND" if EICAR in stream else "OK"
        self.wfile.write(f"stream: {verdict}\0".encode())


@pytest.fixture
def clamd(settings) -> Iterator[FakeClamd]:
    """The fake clamd, running and configured as the project's virus scanner."""
    server = FakeClamd()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CSPR_VIRUS_SCANNER = "cspr.virus_scan.ClamdScanner"
    settings.CSPR_CLAMD_ADDRESS = server.address
    settings.CSPR_CLAMD_TIMEOUT = 5.0
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def unreachable_address() -> str:
    """A TCP address nothing listens on: bound, then closed."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"
