"""Seed 002 (接收客户端消息并回复): accept one client, recv one message as GBK, reply
"好的,已经收到!~" in GBK, close.

Usage: python3 -u gbk_reply_server.py HOST
Prints: LISTENING host port / ACCEPTED host port / 收到数据:... / RECV hex "text" / CLOSED
"""
import socket
import sys

from lesson_peer import family_of, print_listening, print_received

host = sys.argv[1]

# 创建socket (port 0: the OS picks a free one, and print_listening tells the test)
tcp_server_socket = socket.socket(family_of(host), socket.SOCK_STREAM)
tcp_server_socket.bind((host, 0))
tcp_server_socket.listen(128)
print_listening(tcp_server_socket)

# client_socket用来为这个客户端服务
client_socket, ip_port = tcp_server_socket.accept()
print('ACCEPTED', ip_port[0], ip_port[1])

# 接收对方发送过来的数据
recv_data = client_socket.recv(1024)  # 接收1024个字节
print('收到数据:%s' % recv_data.decode('gbk'))
print_received('RECV', recv_data, 'gbk')
# 发送一些数据到客户端
client_socket.send("好的,已经收到!~".encode('gbk'))
# 关闭为这个客户端服务的套接字
client_socket.close()
tcp_server_socket.close()
print('CLOSED')
