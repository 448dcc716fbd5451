#!/usr/bin/env python3
"""Writes seeds/verify/*: framed inputs for the `verify` target (see its header comment)
that carry a valid signature by the sandbox's TEST-ONLY WeChat Pay keys (the public-key
mode key, and the platform certificate's own key), so the fuzzer starts on the RSA path. Run from anywhere: python3 fuzz/seeds/make_verify_seeds.py
"""

import base64
import pathlib
import struct
import subprocess
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KEY = ROOT / "src/sandbox/test_keys/wechatpay_private_key.pem"
PLATFORM_KEY = ROOT / "src/sandbox/test_keys/wechatpay_platform_private_key.pem"
OUT = HERE / "verify"

PUBLIC_KEY_ID = b"PUB_KEY_ID_0000SANDBOX0TEST0ONLY000000000001"
PLATFORM_SERIAL = b"5A4E44424F58000000000000000000000002"
KNOWN = {  # name-length byte that selects a known header name
    "Wechatpay-Timestamp": 0xF0,
    "Wechatpay-Nonce": 0xF1,
    "Wechatpay-Signature": 0xF2,
    "Wechatpay-Serial": 0xF3,
    "Request-ID": 0xF4,
}


def sign(message: bytes, key: pathlib.Path = KEY) -> bytes:
    with tempfile.NamedTemporaryFile() as f:
        f.write(message)
        f.flush()
        sig = subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", str(key), f.name],
            check=True,
            capture_output=True,
        ).stdout
    return base64.b64encode(sig)


def frame(headers, body: bytes, mode: int, now: int, window: int = 0) -> bytes:
    out = bytes([len(headers), mode]) + struct.pack("<qQ", now, window)
    for name, value in headers:
        if isinstance(name, str):
            out += bytes([KNOWN[name]])
        else:
            out += bytes([len(name)]) + name
        out += struct.pack("<H", len(value)) + value
    return out + body


def main() -> None:
    OUT.mkdir(exist_ok=True)
    body = (ROOT / "tests/data/use_response_example_S1.json").read_bytes()
    ts, nonce = b"1754193600", b"593BEC0C930BF1AFEB40B4A08C8FB242"
    sig = sign(ts + b"\n" + nonce + b"\n" + body + b"\n")
    platform_sig = sign(ts + b"\n" + nonce + b"\n" + body + b"\n", PLATFORM_KEY)
    empty_sig = sign(ts + b"\n" + nonce + b"\n\n")
    seeds = {
        # now = timestamp + 0: inside the window, public-key serial.
        "public_key_relative_now": frame(
            [("Wechatpay-Timestamp", ts), ("Wechatpay-Nonce", nonce),
             ("Wechatpay-Signature", sig), ("Wechatpay-Serial", PUBLIC_KEY_ID)],
            body, mode=1, now=0),
        # Absolute now, platform-certificate serial, spelled-out (lower-case) header names
        # and a Request-ID header.
        "certificate_absolute_now": frame(
            [(b"wechatpay-timestamp", ts), (b"wechatpay-nonce", nonce),
             (b"wechatpay-signature", platform_sig), (b"wechatpay-serial", PLATFORM_SERIAL),
             ("Request-ID", b"08F78BB5AF0610B4B8F00F2D1838A4C16F0B")],
            body, mode=0, now=1754193600 + 299),
        # Empty body (as in a 204), custom window.
        "empty_body_window": frame(
            [("Wechatpay-Timestamp", ts), ("Wechatpay-Nonce", nonce),
             ("Wechatpay-Signature", empty_sig), ("Wechatpay-Serial", PUBLIC_KEY_ID)],
            b"", mode=3, now=-5, window=10),
    }
    for name, data in seeds.items():
        (OUT / name).write_bytes(data)


if __name__ == "__main__":
    main()
