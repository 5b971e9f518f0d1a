"""A lesson-style UDP server: recvfrom(1024) a datagram, print it with its source, and sendto the
sender "收到:" + the text, in the same encoding.

Usage: python3 -u udp_echo_server.py HOST ENCODING COUNT
HOST may be 127.0.0.1 (AF_INET) or ::1 (AF_INET6). Answers COUNT datagrams, then stops.
Prints: LISTENING host port / RECV hex "text" FROM host port ... / CLOSED
"""
import socket
import sys

from lesson_peer import family_of, print_listening, print_received

host, encoding, count = sys.argv[1], sys.argv[2], int(sys.argv[3])

# SOCK_DGRAM: UDP. No listen/accept: any sender's datagram arrives on this one socket.
udp_socket = socket.socket(family_of(host), socket.SOCK_DGRAM)
udp_socket.bind((host, 0))
print_listening(udp_socket)

for _ in range(count):
    recv_data, addr = udp_socket.recvfrom(1024)
    text = recv_data.decode(encoding)
    print_received('RECV', recv_data, encoding, 'FROM', addr[0], addr[1])
    udp_socket.sendto(('收到:' + text).encode(encoding), addr)

udp_socket.close()
print('CLOSED')
