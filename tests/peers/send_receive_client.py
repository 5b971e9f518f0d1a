"""Seed 002 (TCP客户端发送并接收数据): connect, send one message, recv(1024) the reply, close.

Usage: python3 -u send_receive_client.py HOST PORT ENCODING [MESSAGE]
MESSAGE defaults to the lesson's "哈哈哈,打不过我吧!?".
Prints: CONNECTED host port (our local address) / SENT hex / 接收到数据: ... / REPLY hex "text" / CLOSED
"""
import socket
import sys

from lesson_peer import family_of, print_received

host, port, encoding = sys.argv[1], int(sys.argv[2]), sys.argv[3]
message = sys.argv[4] if len(sys.argv) > 4 else "哈哈哈,打不过我吧!?"

tcp_client_socket = socket.socket(family_of(host), socket.SOCK_STREAM)
tcp_client_socket.connect((host, port))
local = tcp_client_socket.getsockname()
print('CONNECTED', local[0], local[1])
# 开始发送数据
send_data = message.encode(encoding)
tcp_client_socket.send(send_data)
print('SENT', send_data.hex())
# 开始接收对方回复的数据
recv_data = tcp_client_socket.recv(1024)
print("接收到数据:", recv_data.decode(encoding))
print_received('REPLY', recv_data, encoding)
# 关闭套接字
tcp_client_socket.close()
print('CLOSED')
