"""A passkey in software, for the server-side tests: it answers WebAuthn's registration and
sign-in as a phone would (a P-256 key, "none" attestation, user presence and verification),
and can be told to answer wrongly, so that each refusal has a test. The browser tests use
Chromium's own virtual authenticator instead."""

import hashlib
import json
import os
import struct

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

UP, UV, AT = 0x01, 0x04, 0x40  # authenticator data flags: present, verified, key attached


class SoftPasskey:
    def __init__(self, rp_id: str, origin: str):
        self.rp_id, self.origin = rp_id, origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        x, y = numbers.x.to_bytes(32, "big"), numbers.y.to_bytes(32, "big")
        return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: x, -3: y})

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        data = {"type": kind, "challenge": challenge, "origin": origin or self.origin}
        return json.dumps(data).encode()

    def _auth_data(self, flags: int, attested: bytes = b"", rp_id: str | None = None) -> bytes:
        rp_hash = hashlib.sha256((rp_id or self.rp_id).encode()).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", self.sign_count) + attested

    def register(self, options: str, origin: str | None = None, verified: bool = True) -> str:
        """The answer to registration options (JSON in, JSON out)."""
        challenge = json.loads(options)["challenge"]
        attested = bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
        flags = UP | AT | (UV if verified else 0)
        auth_data = self._auth_data(flags, attested + self._cose_key())
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", challenge, origin)
        return json.dumps(
            {
                "id": bytes_to_base64url(self.credential_id),
                "rawId": bytes_to_base64url(self.credential_id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": bytes_to_base64url(client_data),
                    "attestationObject": bytes_to_base64url(attestation),
                },
                "clientExtensionResults": {},
            }
        )

    def sign_in(
        self,
        options: str,
        origin: str | None = None,
        rp_id: str | None = None,
        verified: bool = True,
        count_up: int = 1,
    ) -> str:
        """The answer to sign-in options; `count_up=0` answers as a copy would."""
        challenge = json.loads(options)["challenge"]
        self.sign_count += count_up
        auth_data = self._auth_data(UP | (UV if verified else 0), rp_id=rp_id)
        client_data = self._client_data("webauthn.get", challenge, origin)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return json.dumps(
            {
                "id": bytes_to_base64url(self.credential_id),
                "rawId": bytes_to_base64url(self.credential_id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": bytes_to_base64url(client_data),
                    "authenticatorData": bytes_to_base64url(auth_data),
                    "signature": bytes_to_base64url(signature),
                    "userHandle": None,
                },
                "clientExtensionResults": {},
            }
        )


def same_challenge(options: str) -> bytes:
    return base64url_to_bytes(json.loads(options)["challenge"])
