"""A lesson-style UDP client: sendto a message, recvfrom(1024) the reply, print it, close.

Usage: python3 -u udp_client.py HOST PORT ENCODING MESSAGE
HOST may be 127.0.0.1 (AF_INET) or ::1 (AF_INET6).
Prints: BOUND host port (our local address) / REPLY hex "text" FROM host port / CLOSED
"""
import socket
import sys

from lesson_peer import family_of, print_received

host, port, encoding, message = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

udp_socket = socket.socket(family_of(host), socket.SOCK_DGRAM)
udp_socket.sendto(message.encode(encoding), (host, port))
# sendto bound the socket to a free port: that is the source the other side sees.
local = udp_socket.getsockname()
print('BOUND', local[0], local[1])

recv_data, addr = udp_socket.recvfrom(1024)
print_received('REPLY', recv_data, encoding, 'FROM', addr[0], addr[1])
udp_socket.close()
print('CLOSED')
