"""A base for the tests' local HTTP servers on 127.0.0.1: silent, and calm about clients that leave."""

from http.server import BaseHTTPRequestHandler


class QuietHandler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except OSError:  # the client gave up first (timeouts, size limits): expected here
            self.close_connection = True
