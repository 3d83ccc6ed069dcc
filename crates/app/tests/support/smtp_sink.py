"""A real SMTP server for motcua's delivery tests (aiosmtpd).

Listens on 127.0.0.1 (on --port, or a free port) and prints the port on the first line of
stdout. Each message received is saved in --dir as N.eml (the raw bytes) and N.json (what
Python's e-mail parser reads in it: RFC 2047-decoded headers, Message-ID, decoded parts).

  --port N                                listen on this port (default: a free one)
  --refuse "451 4.3.0 Try again later"    answer RCPT TO with this reply…
  --refuse-first N                        …for the first N recipients only (default: all)
  --count-only                            keep nothing, only answer (for benchmarks)
  --delay-first N --delay S               hold the reply to the first N messages S seconds
                                          after saving them (a client cut off meanwhile
                                          never learns that they arrived)
"""

import argparse
import asyncio
import json
import logging
import os

from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, folder, refuse, refuse_first, delay_first, delay, count_only):
        self.folder = folder
        self.count_only = count_only
        self.delay_left = delay_first
        self.delay = delay
        self.refuse = refuse
        self.refuse_left = refuse_first
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and (self.refuse_left is None or self.refuse_left > 0):
            if self.refuse_left is not None:
                self.refuse_left -= 1
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        if self.count_only:
            return "250 2.0.0 Ok: queued as test-" + str(self.count)
        raw = envelope.original_content
        base = os.path.join(self.folder, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        legacy = BytesParser(policy=policy.compat32).parsebytes(raw, headersonly=True)

        def decoded(name):
            # The classic decoder follows RFC 2047 section 6.2 between adjacent encoded-words.
            value = legacy[name]
            return None if value is None else str(make_header(decode_header(value)))

        parts = []
        if msg.is_multipart():
            for part in msg.iter_parts():
                parts.append(
                    {
                        "content_type": part.get_content_type(),
                        "charset": part.get_content_charset(),
                        "content": part.get_content(),
                    }
                )
        summary = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "header_names": [k.lower() for k in msg.keys()],
            "raw_subject": legacy["subject"],
            "from": decoded("from"),
            "to": decoded("to"),
            "subject": decoded("subject"),
            "message_id": str(msg["message-id"]),
            "date": str(msg["date"]),
            "content_type": msg.get_content_type(),
            "parts": parts,
        }
        with open(base + ".tmp", "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False)
        os.replace(base + ".tmp", base + ".json")
        if self.delay_left > 0:
            self.delay_left -= 1
            await asyncio.sleep(self.delay)
        return "250 2.0.0 Ok: queued as test-" + str(self.count)


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--refuse")
    p.add_argument("--refuse-first", type=int)
    p.add_argument("--delay-first", type=int, default=0)
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--count-only", action="store_true")
    args = p.parse_args()
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    sink = Sink(args.dir, args.refuse, args.refuse_first, args.delay_first, args.delay, args.count_only)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.test", decode_data=False), "127.0.0.1", args.port
    )
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


asyncio.run(main())
