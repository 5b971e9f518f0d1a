"""Seed 002 (接受客户端发来的多条信息): reply "好的,已经收到!~" (GBK) to every message until the
client disconnects (recv returns b''). The lesson writes "..." for the start it shares with
gbk_reply_server.py: socket, bind, listen, accept.

Usage: python3 -u multi_message_server.py HOST
Prints: LISTENING host port / ACCEPTED host port / RECV hex "text" ... / PEER-CLOSED / CLOSED
"""
import socket
import sys

from lesson_peer import family_of, print_listening, print_received

host = sys.argv[1]

tcp_server_socket = socket.socket(family_of(host), socket.SOCK_STREAM)
tcp_server_socket.bind((host, 0))
tcp_server_socket.listen(128)
print_listening(tcp_server_socket)

client_socket, ip_port = tcp_server_socket.accept()
print('ACCEPTED', ip_port[0], ip_port[1])

while True:
    # 接收对方发送过来的数据
    recv_data = client_socket.recv(1024)  # 接收1024个字节
    if recv_data:
        print_received('RECV', recv_data, 'gbk')
        # 发送一些数据到客户端
        client_socket.send("好的,已经收到!~".encode('gbk'))
    else:
        print('PEER-CLOSED')
        break

client_socket.close()
tcp_server_socket.close()
print('CLOSED')
