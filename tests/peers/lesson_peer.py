"""What every lesson program in this folder adds to its lesson, for the test that runs it
(tests/support/python-peer.ts starts them as `python3 -u tests/peers/NAME.py ...`, so Python finds
this module beside the script).

- Importing it gives every socket a 10 s timeout, so a test that fails never leaves a peer blocked
  in accept() or recv().
- family_of(host): the lessons speak IPv4 only; the tests also use ::1.
- print_listening / print_received: the lines the test reads, in the one format it parses.
"""
import json
import socket

TIMEOUT_S = 10
socket.setdefaulttimeout(TIMEOUT_S)


def family_of(host):
    """AF_INET6 for an IPv6 address such as ::1, AF_INET (what the lessons use) otherwise."""
    return socket.AF_INET6 if ':' in host else socket.AF_INET


def print_listening(server_socket):
    """LISTENING host port, a server's first line: it bound port 0, so the test learns the port here."""
    host, port = server_socket.getsockname()[:2]
    print('LISTENING', host, port)


def print_received(label, data, encoding, *after):
    """RECV / REPLY hex "text" ...: the exact bytes, then the text Python decoded, as JSON."""
    print(label, data.hex(), json.dumps(data.decode(encoding), ensure_ascii=False), *after)
