"""A local RFC 3161 time-stamp authority for the tests of motcua-signing.

It is pyHanko's DummyTimeStamper (an independent RFC 3161 implementation on asn1crypto and
pyca/cryptography) behind Python's http.server, on 127.0.0.1 only. On start it creates a
throw-away "test TSA root" and a TSA certificate (extended key usage timeStamping, critical),
writes the root to ROOT_PEM_PATH, prints "LISTENING <port>" and serves until killed.

Usage: python tsa_server.py ROOT_PEM_PATH
"""

import datetime
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore


def make_certificates():
    now = datetime.datetime.now(datetime.timezone.utc)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "motcua TEST - not for real use"),
        x509.NameAttribute(NameOID.COMMON_NAME, "motcua test TSA root"),
    ])
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    # pyHanko's DummyTimeStamper signs with RSA only.
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "motcua TEST - not for real use"),
            x509.NameAttribute(NameOID.COMMON_NAME, "motcua test TSA"),
        ]))
        .issuer_name(root_name)
        .public_key(tsa_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
            critical=False,
        )
        .sign(root_key, hashes.SHA256())
    )
    return root, tsa, tsa_key


def main():
    root_pem_path = sys.argv[1]
    root, tsa, tsa_key = make_certificates()
    with open(root_pem_path, "wb") as out:
        out.write(root.public_bytes(serialization.Encoding.PEM))
    as_asn1 = lambda cert: asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    key_info = asn1_keys.PrivateKeyInfo.load(
        tsa_key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    stamper = DummyTimeStamper(
        tsa_cert=as_asn1(tsa),
        tsa_key=key_info,
        certs_to_embed=SimpleCertificateStore.from_certs([as_asn1(root)]),
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            if self.headers.get("Content-Type") != "application/timestamp-query":
                self.send_error(415, "expected application/timestamp-query")
                return
            length = int(self.headers.get("Content-Length", "0"))
            try:
                request = tsp.TimeStampReq.load(self.rfile.read(length))
                body = stamper.request_tsa_response(request).dump()
            except Exception as error:  # report to the client instead of dropping the connection
                self.send_error(500, repr(error))
                raise
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    print(f"LISTENING {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
