"""Seed 003 (Client.py): connect, send '你好，世界！！！' in UTF-8, close.

Usage: python3 -u hello_world_client.py HOST PORT
Prints: CONNECTED host port (our local address) / SENT hex / CLOSED
"""
import socket
import sys

from lesson_peer import family_of

host, port = sys.argv[1], int(sys.argv[2])

# 创建Socket TCP对象
Client = socket.socket(family_of(host), socket.SOCK_STREAM)
Client.connect((host, port))
local = Client.getsockname()
print('CONNECTED', local[0], local[1])

# 发送文字信息
send_data = '你好，世界！！！'.encode('utf-8')
Client.send(send_data)
print('SENT', send_data.hex())
# 断开字节流
Client.close()
print('CLOSED')
