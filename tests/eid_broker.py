"""A small OpenID Connect provider that stands in for the eID broker (MitID, BankID, Freja eID)
in the tests and the demo, with no internet: discovery, its signing key, a page where the
tester says who they are and at which level, and a token endpoint that checks the client
(secret or private_key_jwt), the single-use code and PKCE before it signs the ID token.

It can also misbehave on purpose, so the portal's refusals can be tested: another issuer or
audience, an expired token, a nonce from another sign-in, a signature by a key it does not
publish, no ID token at all.

Try the portal against it (README, "National eID"):
    .venv/bin/python -m tests.eid_broker        # serves http://127.0.0.1:5055
"""

import argparse
import base64
import hashlib
import secrets
import threading
import time
from html import escape
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

SUBSTANTIAL = "https://data.gov.dk/concept/core/nsis/loa/Substantial"
HIGH = "https://data.gov.dk/concept/core/nsis/loa/High"
LOW = "https://data.gov.dk/concept/core/nsis/loa/Low"
# What a real broker's token may carry besides the subject: the portal must keep none of it.
CPR_IN_TOKEN = "0101901234"
NAME_IN_TOKEN = "Testperson Brokersen"
DEMO_CLIENT = ("portal-demo", "demo-broker-secret")
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class TestBroker:
    """Run with start(); `misbehave` holds what the next ID tokens get wrong."""

    def __init__(self, port: int = 0, certificate: tuple[str, str] | None = None):
        """On `port` (0: a free one); over https:// with `certificate` (chain and key files),
        as production requires of a broker."""
        self.key = RSAKey.generate_key(2048, parameters={"kid": "broker-1", "alg": "RS256"})
        self.secrets: dict[str, str] = {}
        self.public_keys: dict[str, RSAKey] = {}
        self.codes: dict[str, dict] = {}
        self.used_assertions: set[str] = set()
        self.misbehave: dict = {}
        self.token_requests = 0
        self.app = self._make_app()
        self.server = make_server(
            "127.0.0.1", port, self.app, threaded=True, ssl_context=certificate
        )
        scheme = "https" if certificate else "http"
        self.issuer = f"{scheme}://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "TestBroker":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()

    def add_client(self, client_id: str, secret: str | None = None, public_key=None) -> None:
        if secret is not None:
            self.secrets[client_id] = secret
        if public_key is not None:
            self.public_keys[client_id] = public_key

    # --- the endpoints ------------------------------------------------------------------

    def _make_app(self) -> Flask:
        app = Flask("test_eid_broker")
        app.add_url_rule("/.well-known/openid-configuration", view_func=self._discovery)
        app.add_url_rule("/jwks", view_func=self._jwks)
        app.add_url_rule("/authorize", view_func=self._authorize, methods=["GET", "POST"])
        app.add_url_rule("/token", view_func=self._token, methods=["POST"])
        return app

    def _discovery(self):
        return jsonify(
            issuer=self.misbehave.get("metadata_issuer", self.issuer),
            authorization_endpoint=f"{self.issuer}/authorize",
            token_endpoint=f"{self.issuer}/token",
            jwks_uri=f"{self.issuer}/jwks",
            response_types_supported=["code"],
            subject_types_supported=["pairwise"],
            id_token_signing_alg_values_supported=["RS256"],
            code_challenge_methods_supported=["S256"],
            token_endpoint_auth_methods_supported=[
                "client_secret_basic",
                "client_secret_post",
                "private_key_jwt",
            ],
            acr_values_supported=[LOW, SUBSTANTIAL, HIGH],
        )

    def _jwks(self):
        return jsonify(KeySet([self.key]).as_dict(private=False))

    def _authorize(self):
        asked = request.args
        client_id, redirect_uri = asked.get("client_id", ""), asked.get("redirect_uri", "")
        known = client_id in self.secrets or client_id in self.public_keys
        if not known or not redirect_uri.startswith(("http://", "https://")):
            return "Unknown client or return address", 400
        if asked.get("response_type") != "code" or asked.get("code_challenge_method") != "S256":
            return "Only the code flow with PKCE (S256)", 400
        if not asked.get("code_challenge") or not asked.get("state"):
            return "A code challenge and a state are needed", 400
        if request.method == "GET":
            return self._sign_in_page()
        if request.form.get("choice") == "cancel":
            return self._back(redirect_uri, error="access_denied", state=asked["state"])
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "challenge": asked["code_challenge"],
            "nonce": asked.get("nonce"),
            "subject": request.form.get("subject", "").strip(),
            "acr": request.form.get("acr") or SUBSTANTIAL,
            "used": False,
        }
        return self._back(redirect_uri, code=code, state=asked["state"])

    @staticmethod
    def _back(redirect_uri: str, **params):
        return redirect(f"{redirect_uri}?{urlencode(params)}", code=302)

    def _sign_in_page(self):
        levels = "".join(
            f'<option value="{escape(acr)}">{escape(acr.rsplit("/", 1)[-1])}</option>'
            for acr in (SUBSTANTIAL, HIGH, LOW)
        )
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test eID</title></head><body style="font:18px sans-serif;max-width:30em;margin:1em">
<h1>Test eID</h1><p>A stand-in for MitID or BankID. Who are you?</p>
<form method="post"><p><label>Person (the broker's subject)<br>
<input name="subject" value="test-person-1" style="font-size:18px;width:100%"></label></p>
<p><label>Level<br><select name="acr" style="font-size:18px">{levels}</select></label></p>
<p><button name="choice" value="sign-in" style="font-size:18px;padding:.5em 1em">Sign in</button>
<button name="choice" value="cancel" style="font-size:18px;padding:.5em 1em">Cancel</button></p>
</form></body></html>"""

    def _client_of_request(self) -> str | None:
        form = request.form
        if request.authorization and request.authorization.type == "basic":
            client_id = request.authorization.username
            given = request.authorization.password
        else:
            client_id, given = form.get("client_id"), form.get("client_secret")
        if form.get("client_assertion_type") == ASSERTION_TYPE:
            return self._client_of_assertion(form.get("client_assertion", ""))
        secret = self.secrets.get(client_id or "")
        if secret is not None and given and secrets.compare_digest(secret, given):
            return client_id
        return None

    def _client_of_assertion(self, assertion: str) -> str | None:
        """private_key_jwt: signed by the client's key, for this token endpoint, used once."""
        for client_id, public_key in self.public_keys.items():
            try:
                token = jwt.decode(assertion, public_key, algorithms=["RS256"])
            except JoseError:
                continue
            claims = token.claims
            fresh = claims.get("exp", 0) > time.time() and claims.get("jti")
            for_us = claims.get("aud") in (f"{self.issuer}/token", [f"{self.issuer}/token"])
            if (
                claims.get("iss") == claims.get("sub") == client_id
                and fresh
                and for_us
                and claims["jti"] not in self.used_assertions
            ):
                self.used_assertions.add(claims["jti"])
                return client_id
        return None

    def _token(self):
        self.token_requests += 1
        client_id = self._client_of_request()
        if client_id is None:
            return jsonify(error="invalid_client"), 401
        grant = self.codes.get(request.form.get("code", ""))
        if grant is None or grant["used"] or grant["client_id"] != client_id:
            return jsonify(error="invalid_grant"), 400
        grant["used"] = True  # a code is good once
        if grant["redirect_uri"] != request.form.get("redirect_uri"):
            return jsonify(error="invalid_grant"), 400
        verifier = request.form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if not verifier or challenge.decode() != grant["challenge"]:
            return jsonify(error="invalid_grant", error_description="PKCE"), 400
        answer = {"access_token": secrets.token_urlsafe(24), "token_type": "Bearer"}
        if not self.misbehave.get("no_id_token"):
            answer["id_token"] = self._id_token(client_id, grant)
        return jsonify(answer)

    def _id_token(self, client_id: str, grant: dict) -> str:
        now = int(time.time())
        wrong = self.misbehave
        claims = {
            "iss": wrong.get("issuer", self.issuer),
            "sub": grant["subject"],
            "aud": wrong.get("audience", client_id),
            "iat": now - wrong.get("age", 0),
            "exp": now + 300 - wrong.get("age", 0),
            "auth_time": now,
            "nonce": wrong.get("nonce", grant["nonce"]),
            "acr": grant["acr"],
            "cpr": CPR_IN_TOKEN,
            "name": NAME_IN_TOKEN,
        }
        key = self.key
        if wrong.get("foreign_key"):  # the same key id, a key the broker does not publish
            key = RSAKey.generate_key(2048, parameters={"kid": "broker-1", "alg": "RS256"})
        return jwt.encode({"alg": "RS256", "kid": "broker-1"}, claims, key)


def main() -> None:
    parser = argparse.ArgumentParser(description="A test eID broker for trying the portal")
    parser.add_argument("--port", type=int, default=5055)
    port = parser.parse_args().port
    broker = TestBroker(port)
    broker.add_client(*DEMO_CLIENT)
    print(f"Test eID broker at {broker.issuer}. Start the portal with:")
    print(
        f"  EID_ISSUER={broker.issuer} EID_CLIENT_ID={DEMO_CLIENT[0]} "
        f"EID_CLIENT_SECRET={DEMO_CLIENT[1]} EID_NAME='MitID (test)' "
        f"EID_TWO_FACTOR_ACR={SUBSTANTIAL},{HIGH} make run"
    )
    broker.server.serve_forever()


if __name__ == "__main__":
    main()
