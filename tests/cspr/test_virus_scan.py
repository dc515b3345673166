"""The ClamAV scanner against a stand-in clamd: clean, infected (EICAR), unreachable, clamd errors."""

from __future__ import annotations

import io
import logging
import socketserver
import threading

import pytest
from django.core.exceptions import ValidationError

from cspr import virus_scan
from cspr.virus_scan import ClamdScanner, ScannerUnavailable
from tests.cspr import fake_clamd
from tests.cspr.fake_clamd import EICAR, EICAR_SIGNATURE, unreachable_address

clamd = fake_clamd.clamd  # the stand-in clamd fixture


def test_a_clean_file_streams_whole_and_passes(clamd):
    content = b"%PDF-1.4\n" + b"x" * (3 * virus_scan.CHUNK_BYTES + 17)  # several chunks
    assert ClamdScanner().scan(io.BytesIO(content)) is None
    assert clamd.streams == [content]


def test_it_names_the_virus_in_an_infected_file(clamd):
    assert ClamdScanner().scan(io.BytesIO(EICAR)) == EICAR_SIGNATURE


def test_check_refuses_an_infected_file_and_rewinds_it(clamd):
    upload = io.BytesIO(b"agency,notes\n" + EICAR)
    with pytest.raises(ValidationError) as refused:
        virus_scan.check(upload)
    assert refused.value.messages == [virus_scan.INFECTED]
    assert upload.tell() == 0


def test_an_unreachable_scanner_refuses_the_upload_and_logs_an_error(settings, caplog):
    settings.CSPR_VIRUS_SCANNER = "cspr.virus_scan.ClamdScanner"
    settings.CSPR_CLAMD_ADDRESS = unreachable_address()
    with caplog.at_level(logging.ERROR, logger="cspr.virus_scan"), pytest.raises(ValidationError) as refused:
        virus_scan.check(io.BytesIO(b"%PDF-1.4\n"))
    assert refused.value.messages == [virus_scan.UNAVAILABLE]
    assert [r.levelno for r in caplog.records] == [logging.ERROR]


class _Answers(socketserver.BaseRequestHandler):
    reply = b"INSTREAM size limit exceeded. ERROR\0"

    def handle(self) -> None:
        self.request.recv(65536)
        self.request.sendall(self.reply)


def test_a_clamd_error_is_no_verdict():
    server = socketserver.TCPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        scanner = ClamdScanner(address=f"tcp://127.0.0.1:{server.server_address[1]}", timeout=5)
        with pytest.raises(ScannerUnavailable):
            scanner.scan(io.BytesIO(b"too big"))
    finally:
        thread.join(timeout=5)
        server.server_close()


def test_no_scanner_configured_checks_nothing(settings):
    settings.CSPR_VIRUS_SCANNER = ""
    virus_scan.check(io.BytesIO(EICAR))  # local and test default: no scanner, no refusal
