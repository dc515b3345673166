"""Virus scanning of uploaded files, pluggable through the CSPR_VIRUS_SCANNER setting.

`check(upload)` is called by the one upload policy (rapid_review/uploads.py) for every file anyone
attaches. It refuses an infected file, and it fails closed: a scanner that is configured but cannot
be reached refuses the upload ("try again later") rather than letting an unscanned file in.

`ClamdScanner` speaks clamd's INSTREAM protocol (clamd(8), "INSTREAM"): the command `zINSTREAM\\0`, then
the file in chunks, each prefixed with its length as a 4-byte big-endian integer, then a zero-length
chunk; clamd answers `stream: OK`, `stream: <signature> FOUND` or `<reason> ERROR`.
"""

from __future__ import annotations

import logging
import socket
import struct
from typing import IO, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

INFECTED = "The selected file contains a virus and was not attached. Check the file, or ask for a clean copy"
UNAVAILABLE = "Files cannot be checked for viruses at the moment. Try attaching the file again later"
CHUNK_BYTES = 64 * 1024


class ScannerUnavailable(Exception):
    """The scanner could not give a verdict (down, unreachable, timed out or answered an error)."""


class VirusScanner(Protocol):
    def scan(self, stream: IO[bytes]) -> str | None:
        """The name of the virus found in the stream, or None when it is clean."""


def check(upload: IO[bytes]) -> None:
    """Refuse an upload the configured scanner finds infected or cannot scan; no scanner, no check."""
    scanner = configured_scanner()
    if scanner is None:
        return
    upload.seek(0)
    try:
        found = scanner.scan(upload)
    except ScannerUnavailable:
        log.error("Virus scanner unavailable; upload refused", exc_info=True)
        raise ValidationError(UNAVAILABLE, code="scanner_unavailable") from None
    finally:
        upload.seek(0)
    if found:
        log.warning("Upload refused: virus scanner found %s", found)
        raise ValidationError(INFECTED, code="infected")


def configured_scanner() -> VirusScanner | None:
    """A new instance of the CSPR_VIRUS_SCANNER class (cheap: it connects only to scan), or None."""
    path = settings.CSPR_VIRUS_SCANNER
    return import_string(path)() if path else None


class ClamdScanner:
    """ClamAV's daemon over TCP (`tcp://host:port`) or a Unix socket (`unix:///run/clamav/clamd.ctl`)."""

    def __init__(self, address: str | None = None, timeout: float | None = None) -> None:
        self.address = address or settings.CSPR_CLAMD_ADDRESS
        self.timeout = timeout if timeout is not None else settings.CSPR_CLAMD_TIMEOUT

    def scan(self, stream: IO[bytes]) -> str | None:
        try:
            with self._connect() as conn:
                conn.sendall(b"zINSTREAM\0")
                while chunk := stream.read(CHUNK_BYTES):
                    conn.sendall(struct.pack("!L", len(chunk)) + chunk)
                conn.sendall(struct.pack("!L", 0))
                reply = self._read_reply(conn)
        except OSError as error:
            raise ScannerUnavailable(f"clamd at {self.address}: {error}") from error
        return self._verdict(reply)

    def _connect(self) -> socket.socket:
        if self.address.startswith("unix://"):
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.settimeout(self.timeout)
            conn.connect(self.address.removeprefix("unix://"))
            return conn
        host, _, port = self.address.removeprefix("tcp://").rpartition(":")
        return socket.create_connection((host, int(port)), timeout=self.timeout)

    @staticmethod
    def _read_reply(conn: socket.socket) -> str:
        reply = b""
        while not reply.endswith(b"\0"):
            part = conn.recv(4096)
            if not part:
                break  # clamd closes after answering; the reply may come without its terminator
            reply += part
        return reply.rstrip(b"\0").decode("utf-8", "replace").strip()

    def _verdict(self, reply: str) -> str | None:
        # "stream: OK", "stream: Win.Test.EICAR_HDB-1 FOUND", "INSTREAM size limit exceeded. ERROR"
        body = reply.partition(": ")[2] if reply.startswith("stream: ") else reply
        if body == "OK":
            return None
        if body.endswith(" FOUND"):
            return body.removesuffix(" FOUND")
        # An error (a file over clamd's StreamMaxLength included) is no verdict: fail closed.
        raise ScannerUnavailable(f"clamd at {self.address} answered {reply!r}")
