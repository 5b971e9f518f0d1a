"""Seed 000 (完整客户端开发示例): send what the learner types, recv(1024) each reply; 'exit' stops.

Usage: python3 -u interactive_client.py HOST PORT ENCODING
The messages a learner would type are read from stdin (one line each, as input() does).
Prints: CONNECTED host port (our local address) / SENT hex / REPLY hex "text" / CLOSED
"""
import socket
import sys

from lesson_peer import family_of, print_received

host, port, encoding = sys.argv[1], int(sys.argv[2]), sys.argv[3]

# 创建socket对象
socket_client = socket.socket(family_of(host))
# 连接到服务器
socket_client.connect((host, port))
local = socket_client.getsockname()
print('CONNECTED', local[0], local[1])

while True:
    # 发送消息
    msg = input()
    if msg == 'exit':
        break
    send_data = msg.encode(encoding)
    socket_client.send(send_data)
    print('SENT', send_data.hex())

    # 接收返回消息 (recv is blocking: it waits for the server's reply)
    recv_data = socket_client.recv(1024)
    print_received('REPLY', recv_data, encoding)
    if not recv_data:
        break  # the server closed the connection

# 关闭连接
socket_client.close()
print('CLOSED')
