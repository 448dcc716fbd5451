#!/usr/bin/env python3
"""The three calls from Python through the C ABI, with the standard library only (ctypes).

    cargo build -p wechatpay-product-coupon-ffi --features sandbox
    python3 ffi/examples/three_calls.py target/debug/libwechatpay_product_coupon_ffi.so

It starts the library's sandbox (test-only keys, 127.0.0.1), builds a client from the
sandbox's configuration JSON, redeems, deactivates and updates, prints one line per call, and
shows an error's details (an unknown coupon: 404 NOT_FOUND). Against WeChat Pay, build the
client from your own configuration JSON instead (see the README).
"""

import ctypes
import json
import sys

OK = 0


class WpcError(Exception):
    """A failed call, with the library's last-error details."""


def load(path):
    lib = ctypes.CDLL(path)
    p, u8p, size = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t
    out = ctypes.POINTER(ctypes.c_void_p)
    signatures = {
        "wpc_version": ([], ctypes.c_char_p),
        "wpc_result_name": ([ctypes.c_uint32], ctypes.c_char_p),
        "wpc_last_error_message": ([], ctypes.c_char_p),
        "wpc_last_error_http_status": ([], ctypes.c_uint16),
        "wpc_last_error_api_code": ([], ctypes.c_char_p),
        "wpc_last_error_request_id": ([], ctypes.c_char_p),
        "wpc_last_error_retry_safe": ([], ctypes.c_bool),
        "wpc_sandbox_start": ([ctypes.c_uint16, out], ctypes.c_uint32),
        "wpc_sandbox_client_config_json": ([p], ctypes.c_char_p),
        "wpc_sandbox_free": ([p], None),
        "wpc_client_new_from_json": ([u8p, size, out], ctypes.c_uint32),
        "wpc_client_free": ([p], None),
        "wpc_client_use_coupon": ([p, u8p, size, out], ctypes.c_uint32),
        "wpc_client_deactivate_coupon": ([p, u8p, size, out], ctypes.c_uint32),
        "wpc_client_update_product_coupon": ([p, u8p, size, out], ctypes.c_uint32),
        "wpc_buffer_data": ([p], ctypes.c_void_p),
        "wpc_buffer_len": ([p], size),
        "wpc_buffer_free": ([p], None),
    }
    for name, (args, result) in signatures.items():
        fn = getattr(lib, name)
        fn.argtypes, fn.restype = args, result
    return lib


def check(lib, rc):
    if rc != OK:
        raise WpcError(
            "%s: %s (HTTP %d %s, Request-ID %s, retry-safe %s)"
            % (
                lib.wpc_result_name(rc).decode(),
                lib.wpc_last_error_message().decode(),
                lib.wpc_last_error_http_status(),
                lib.wpc_last_error_api_code().decode(),
                lib.wpc_last_error_request_id().decode(),
                lib.wpc_last_error_retry_safe(),
            )
        )


def call(lib, fn, client, request):
    """Sends `request` (a dict in the API's field names) and returns the verified response."""
    data = json.dumps(request).encode()
    body = ctypes.c_void_p()
    check(lib, fn(client, data, len(data), ctypes.byref(body)))
    try:
        raw = ctypes.string_at(lib.wpc_buffer_data(body), lib.wpc_buffer_len(body))
        return json.loads(raw)
    finally:
        lib.wpc_buffer_free(body)


def coupon(code):
    return {
        "openid": "oh-394z-6CGkNoJrsDLTTUKiAnp4",
        "coupon_code": code,
        "product_coupon_id": "1000000013",
        "stock_id": "1000000013001",
        "appid": "wx233544546545989",
        "brand_id": "120344",
    }


def main(path):
    lib = load(path)
    print(lib.wpc_version().decode())
    sandbox, client = ctypes.c_void_p(), ctypes.c_void_p()
    check(lib, lib.wpc_sandbox_start(0, ctypes.byref(sandbox)))
    try:
        config = lib.wpc_sandbox_client_config_json(sandbox)
        check(lib, lib.wpc_client_new_from_json(config, len(config), ctypes.byref(client)))

        used = call(lib, lib.wpc_client_use_coupon, client, dict(
            coupon("Code_123456"),
            use_time="2025-08-03T12:00:00+08:00",
            out_request_no="PYUSE0000001",
            associated_order_info={"transaction_id": "4200000000123456789123456789"},
        ))
        print("use         coupon %s -> %s" % (used["coupon_code"], used["coupon_state"]))

        deactivated = call(lib, lib.wpc_client_deactivate_coupon, client, dict(
            coupon("Code_123457"),
            out_request_no="PYDEACT00001",
            deactivate_reason="商品已下线",
        ))
        print("deactivate  coupon %s -> %s" % (deactivated["coupon_code"], deactivated["coupon_state"]))

        image = "https://wxpaylogo.qpic.cn/wxpaylogo/xxxxx/xxx"
        product = call(lib, lib.wpc_client_update_product_coupon, client, {
            "product_coupon_id": "1000000013",
            "out_request_no": "PYUPDATE0001",
            "display_info": {"name": "Python 新名字", "image_url": image, "background_url": image},
            "brand_id": "120344",
        })
        print("update      product coupon %s -> %s name %s"
              % (product["product_coupon_id"], product["state"], product["display_info"]["name"]))

        try:
            call(lib, lib.wpc_client_use_coupon, client, dict(
                coupon("Code_NOPE"),
                use_time="2025-08-03T12:00:00+08:00",
                out_request_no="PYUSE0000404",
                associated_order_info={"transaction_id": "4200000000123456789123456789"},
            ))
            raise SystemExit("an unknown coupon should fail")
        except WpcError as err:
            print("error       %s" % err)
            assert "HTTP 404 NOT_FOUND" in str(err), err
    finally:
        lib.wpc_client_free(client)
        lib.wpc_sandbox_free(sandbox)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: three_calls.py path/to/libwechatpay_product_coupon_ffi.so")
    main(sys.argv[1])
