"""A real SMTP server for motcua-notify's tests (aiosmtpd).

Listens on 127.0.0.1 on a free port and prints the port on the first line of stdout. Each
message received is saved in --dir as N.eml (the raw bytes) and N.json (what Python's own
e-mail parser reads in it: decoded headers, MIME structure, decoded parts).

  --refuse "451 4.3.0 Try again later"   answer every RCPT TO with this reply
  --cert FILE --key FILE                 offer STARTTLS and require it before MAIL
  --implicit-tls                         with --cert/--key: TLS from the first byte instead
"""

import argparse
import asyncio
import json
import logging
import os
import ssl

from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder, refuse):
        self.folder = folder
        self.refuse = refuse
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        raw = envelope.original_content
        base = os.path.join(self.folder, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        legacy = BytesParser(policy=policy.compat32).parsebytes(raw, headersonly=True)

        def rfc2047(name):
            # Python's structured parser (policy.default) puts a space between adjacent
            # encoded-words inside a display name, against RFC 2047 section 6.2; the classic
            # decoder follows the RFC, so headers are decoded with it.
            value = legacy[name]
            return None if value is None else str(make_header(decode_header(value)))
        parts = []
        if msg.is_multipart():
            for part in msg.iter_parts():
                parts.append(
                    {
                        "content_type": part.get_content_type(),
                        "charset": part.get_content_charset(),
                        "transfer_encoding": part.get("content-transfer-encoding"),
                        "content": part.get_content(),
                    }
                )
        date = msg["date"]
        summary = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": server.transport.get_extra_info("ssl_object") is not None,
            "ehlo": session.host_name,
            "header_names": [k.lower() for k in msg.keys()],
            "from": rfc2047("from"),
            "to": rfc2047("to"),
            "reply_to": rfc2047("reply-to"),
            "subject": rfc2047("subject"),
            "subject_structured": str(msg["subject"]),
            "message_id": str(msg["message-id"]),
            "date": str(date),
            "date_unix": date.datetime.timestamp() if date is not None and date.datetime else None,
            "mime_version": str(msg["mime-version"]),
            "content_type": msg.get_content_type(),
            "parts": parts,
        }
        with open(base + ".tmp", "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False)
        os.replace(base + ".tmp", base + ".json")
        return "250 2.0.0 Ok: queued as test-" + str(self.count)


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--refuse")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--implicit-tls", action="store_true")
    args = p.parse_args()
    # Failed handshakes are part of the tests; aiosmtpd would log each with a traceback.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)

    context = None
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
    sink = Sink(args.dir, args.refuse)
    starttls = context if context is not None and not args.implicit_tls else None

    def factory():
        return SMTP(
            sink,
            hostname="sink.test",
            decode_data=False,
            tls_context=starttls,
            require_starttls=starttls is not None,
        )

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        factory, "127.0.0.1", 0, ssl=context if args.implicit_tls else None
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


asyncio.run(main())
