"""Seed 002 (TCP客户端发送数据): connect, send "哈哈哈,打不过我吧!?", close.

Usage: python3 -u send_and_close_client.py HOST PORT [ENCODING]
ENCODING defaults to UTF-8, what the lesson's bare encode() uses.
Prints: CONNECTED host port (our local address) / SENT hex / CLOSED
"""
import socket
import sys

from lesson_peer import family_of

host, port = sys.argv[1], int(sys.argv[2])
encoding = sys.argv[3] if len(sys.argv) > 3 else 'utf-8'

# 2、创建socket
tcp_client_socket = socket.socket(family_of(host), socket.SOCK_STREAM)
# 3、建立tcp连接
tcp_client_socket.connect((host, port))
local = tcp_client_socket.getsockname()
print('CONNECTED', local[0], local[1])
# 4、开始发送数据
send_data = "哈哈哈,打不过我吧!?".encode(encoding)
tcp_client_socket.send(send_data)
print('SENT', send_data.hex())
# 5、关闭套接字
tcp_client_socket.close()
print('CLOSED')
