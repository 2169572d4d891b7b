"""A keep-alive HTTP client signed in as one person, for the vote storm and the benchmark (127.0.0.1 only)."""
import gzip
import http.client
import re
from urllib.parse import urlencode

import brotli
from backports import zstd

# What a browser accepts (Chromium sends these four); the portal answers in zstd (it offers
# zstd, brotli and gzip only, so deflate never needs decoding here).
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
_DECODE = {"zstd": zstd.decompress, "br": brotli.decompress, "gzip": gzip.decompress}
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


class Voter:
    """One person with a keep-alive connection and a cookie; ``sign_in`` goes through the real page."""

    def __init__(self, port: int, email: str, password: str):
        self.port, self.email, self.password = port, email, password
        self.cookie = ""
        self.step = 0  # where this person is in a scenario's list of pages
        self.vote_token = ""
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None, accept: str = "text/html"):
        """Send one request (retried on a fresh connection if the old one broke); returns (status, body)."""
        headers = {"Accept": accept, "Cookie": self.cookie, "Accept-Encoding": ACCEPT_ENCODING}
        payload = None
        if body is not None:
            payload = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(3):
            try:
                self.connection.request(method, path, body=payload, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (ConnectionError, http.client.HTTPException, OSError):
                self.reconnect()
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("stars_session="):
                self.cookie = value.split(";", 1)[0]
        encoding = response.getheader("Content-Encoding")
        if encoding:
            data = _DECODE[encoding](data)
        return response.status, data

    def reconnect(self) -> None:
        """Close the connection and open a new one (the cookie stays)."""
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def token(self, path: str) -> str:
        """The CSRF token of the form on ``path``."""
        _status, page = self.request("GET", path)
        match = TOKEN.search(page.decode("utf-8", "replace"))
        return match.group(1) or match.group(2)

    def sign_in(self) -> None:
        """Sign in through the sign-in page, CSRF token included."""
        token = self.token("/login")
        status, _ = self.request("POST", "/login", {"email": self.email, "password": self.password,
                                                    "csrf_token": token})
        assert status == 302, f"sign-in failed for {self.email}: {status}"
