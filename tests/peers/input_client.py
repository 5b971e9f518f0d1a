"""Seed 004 (TCP客户端程序接收消息): ask for the server ip, the port and the data with input(),
send, recv(1024) the reply, print it, close.

Usage: python3 -u input_client.py ENCODING
What a learner would type comes from stdin: the server ip, the port, the data (one line each).
ENCODING is utf-8, or gbk: "如果是windows的网络调试助手使用gbk编码".
Prints: CONNECTED host port (our local address) / SENT hex / 接收到的数据为: ... / REPLY hex "text" / CLOSED
"""
import socket
import sys

from lesson_peer import family_of, print_received

encoding = sys.argv[1]

# 目的信息 (the lesson prints prompts; here stdout is kept for lines the test reads)
server_ip = input()
server_port = int(input())
# 创建tcp socket
tcp_client_socket = socket.socket(family_of(server_ip), socket.SOCK_STREAM)
# 连接服务器套接字
tcp_client_socket.connect((server_ip, server_port))
local = tcp_client_socket.getsockname()
print('CONNECTED', local[0], local[1])
send_data = input()
tcp_client_socket.send(send_data.encode(encoding))
print('SENT', send_data.encode(encoding).hex())
# 接收对方发送过来的数据，最大接收1024个字节
recvData = tcp_client_socket.recv(1024)
print('接收到的数据为:', recvData.decode(encoding))
print_received('REPLY', recvData, encoding)
# 关闭套接字
tcp_client_socket.close()
print('CLOSED')
